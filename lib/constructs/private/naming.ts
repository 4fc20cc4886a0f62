/**
 * The one place an integration's Terraform names are made: every element it writes is
 * `<prefix>_<name>`, where the prefix is the construct id with punctuation as `_`. Names
 * do not depend on nesting, so moving the construct under another parent keeps them.
 */
import { TerraformElement } from "cdktf";

export class IntegrationNaming {
  /** The construct id as Terraform names allow it. */
  readonly prefix: string;

  constructor(constructId: string) {
    this.prefix = constructId.replace(/[^A-Za-z0-9_]/g, "_");
  }

  /** `<prefix>_<name>`: a resource's, variable's, local's or output's logical id. */
  logicalId(name: string): string {
    return `${this.prefix}_${name}`;
  }

  /** Gives an element its contract name instead of cdktf's path-derived one. */
  name<T extends TerraformElement>(element: T, name: string): T {
    element.overrideLogicalId(this.logicalId(name));
    return element;
  }

  /** A resource's Terraform address, e.g. `aws_iam_policy.datadog_permissions[0]`. */
  address(resourceType: string, name: string, index?: number): string {
    return `${resourceType}.${this.logicalId(name)}${index === undefined ? "" : `[${index}]`}`;
  }
}
