/**
 * How findings name things, the same way in every check: the deploy command, a config
 * field, the IAM role or user, the Datadog integration and its page, an ID masked.
 */
import { awsIntegrationPageUrl } from "../../lib/facts/sites";
import type { AwsPrincipalView, DatadogAccount, DoctorSubject } from "./views";

/**
 * An ID shown so it can be recognized, not copied: all but its last 4 characters masked
 * (2 for IDs of 8 or fewer characters). External IDs are not secrets, but a report full
 * of them is hard to read.
 */
export function mask(id: string): string {
  const shown = id.length > 8 ? 4 : Math.min(2, Math.max(0, id.length - 1));
  return `${"*".repeat(Math.min(8, id.length - shown))}${id.slice(id.length - shown)}`;
}

export { quote } from "../../lib/config/json-value";

/** Helpers that name things the same way in every finding. */
export class Words {
  constructor(readonly s: DoctorSubject) {}
  get deploy(): string {
    return `npx cdktf deploy ${this.s.environment}`;
  }
  field(path: string): string {
    return `environments.${this.s.environment}.${path} in ${this.s.configFile}`;
  }
  get principalKind(): "role" | "user" {
    return this.s.auth.type === "role" ? "role" : "user";
  }
  get principalName(): string {
    return this.s.auth.type === "role" ? this.s.auth.roleName : this.s.auth.userName;
  }
  iam(p: AwsPrincipalView | undefined): string {
    if (p) return `IAM ${p.kind} ${p.name} (${p.arn})`;
    return `IAM ${this.principalKind} ${this.principalName} in AWS account ${this.s.accountId} (${this.s.partition})`;
  }
  datadog(account: DatadogAccount | undefined): string {
    return `the Datadog AWS integration of account ${this.s.accountId} on ${this.s.site.site}${account ? ` (config ID ${account.id})` : ""}`;
  }
  get tile(): string {
    return `Datadog's AWS integration page (${awsIntegrationPageUrl(this.s.site)}), account ${this.s.accountId}`;
  }
}
