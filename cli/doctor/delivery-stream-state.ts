/**
 * What a delivery stream's state means for a doctor check (metric streams, log delivery): the
 * words of "not ACTIVE" and "ACTIVE", so both checks say them alike; each keeps its own codes.
 */
import type { Words } from "./words";

/** A delivery stream as read (DescribeDeliveryStream). */
export interface DeliveryStreamState {
  readonly name: string;
  readonly arn: string;
  readonly status: string;
}

/** The finding's parts for a stream that is not ACTIVE, or the passed line for one that is. */
export function deliveryStreamState(
  d: DeliveryStreamState,
  region: string,
  where: string,
  what: string,
  w: Words,
): { readonly active: true; readonly line: string } | { readonly active: false; readonly problem: string; readonly where: string; readonly fix: string[] } {
  if (d.status === "ACTIVE") return { active: true, line: `${what} ${d.name} in ${region} is ACTIVE` };
  return {
    active: false,
    problem: `${what} ${d.name} in ${where} is ${d.status}, not ACTIVE, so it delivers nothing to Datadog`,
    where: d.arn,
    fix: d.status === "CREATING" ? ["wait a minute and run the doctor again"] : [`read the stream's error in the Firehose console (${region}), then ${w.deploy}`],
  };
}
