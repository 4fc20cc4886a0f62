/** What every part of one integration is built from: its scope, names, settings and providers. */
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatadogProvider } from "@cdktf/provider-datadog/lib/provider";
import { ResolvedIntegration } from "../../config/schema";
import { Partition } from "../../facts/partitions";
import { IntegrationNaming } from "./naming";

export interface IntegrationContext {
  /** The construct the parts are created in (their construct paths start with it). */
  readonly scope: Construct;
  readonly naming: IntegrationNaming;
  /** The settings, defaults applied. */
  readonly config: ResolvedIntegration;
  readonly partition: Partition;
  /** The AWS provider to create the role or user with; undefined: the stack's default. */
  readonly awsProvider?: AwsProvider;
  /** The Datadog provider to create the integration with; undefined: the stack's default. */
  readonly datadogProvider?: DatadogProvider;
}
