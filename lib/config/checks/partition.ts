/**
 * Everything an account's ARNs and trust name must be in the account's partition, which its
 * awsRegion decides (combination/*-partition).
 */
import { findDatadogSite, sitesWithRoleDelegation } from "../../facts/sites";
import { AUTH_TYPES_BY_PARTITION, EXAMPLE_REGION, partitionOfRegion, REGION_PATTERN } from "../../facts/partitions";
import { quote } from "../json-value";
import { DEFAULT_USER_NAME } from "../fields/auth";
import { IAM_ROLE_ARN_PATTERN, isToken, LAMBDA_ARN_PATTERN } from "../fields/rules";
import { authOf, type Ctx, type EnvironmentValue, type IntegrationValue, issue, list, partitionOf } from "./check";

/** The auth type must exist in the partition, and role delegation must be offered there by the Datadog site. */
export function checkAuthPartition(c: IntegrationValue, ctx: Ctx): void {
  const partition = partitionOf(c);
  const auth = authOf(c);
  if (!partition || (auth.type !== "role" && auth.type !== "accessKeys")) return;
  const site = findDatadogSite(c.datadogSite);
  const allowed = AUTH_TYPES_BY_PARTITION[partition];
  if (!allowed.includes(auth.type)) {
    const instead =
      auth.type === "accessKeys"
        ? `access keys are accepted only for GovCloud (us-gov-*) and China (cn-*) accounts; use { "type": "role" } for this ${partition} account`
        : `role delegation is not available for China accounts; use { "type": "accessKeys", "userName": "${DEFAULT_USER_NAME}" }`;
    issue(ctx, "combination/auth-partition", ["auth", "type"], `${quote(auth.type)} is not possible in partition ${partition} (awsRegion ${quote(c.awsRegion)}): ${instead}`);
  } else if (auth.type === "role" && site && site.trustAccountByPartition[partition] === undefined) {
    const sites = sitesWithRoleDelegation(partition);
    issue(
      ctx,
      "combination/site-partition",
      ["datadogSite"],
      `role delegation for ${partition} accounts (awsRegion ${quote(c.awsRegion)}) is not offered by datadogSite ${quote(c.datadogSite)}; use one of ${sites.map(quote).join(", ")}, or { "type": "accessKeys" } auth`,
    );
  }
}

/** Datadog collects from regions of the account's own partition only. */
export function checkRegionsPartition(c: IntegrationValue, ctx: Ctx): void {
  const partition = partitionOf(c);
  const auth = authOf(c);
  if (!partition || (auth.type !== "role" && auth.type !== "accessKeys")) return;
  if (Array.isArray(c.regions)) {
    c.regions.forEach((r, i) => {
      if (typeof r === "string" && !isToken(r) && REGION_PATTERN.test(r) && partitionOfRegion(r) !== partition) {
        issue(
          ctx,
          "combination/region-partition",
          ["regions", i],
          `${quote(r)} is in partition ${partitionOfRegion(r)}, but this account is in ${partition} (awsRegion ${quote(c.awsRegion)}); list only ${partition} regions such as ${quote(EXAMPLE_REGION[partition])}`,
        );
      }
    });
  }
}

/** Log forwarders must be Lambda functions of the account's partition. */
export function checkForwarderPartition(c: IntegrationValue, ctx: Ctx): void {
  const partition = partitionOf(c);
  if (!partition) return;
  list(c.logs?.lambdaForwarderArns).forEach((arn, i) => {
    const arnPartition = typeof arn === "string" ? arn.split(":")[1] : undefined;
    if (typeof arn === "string" && !isToken(arn) && LAMBDA_ARN_PATTERN.test(arn) && arnPartition !== partition) {
      issue(
        ctx,
        "combination/forwarder-partition",
        ["logs", "lambdaForwarderArns", i],
        `${quote(arn)} is in partition ${arnPartition}, but this account is in ${partition}; use the forwarder deployed in this account's partition (arn:${partition}:lambda:...)`,
      );
    }
  });
}

/** The role Terraform assumes must be in the account's partition. */
export function checkAssumeRolePartition(c: EnvironmentValue, ctx: Ctx): void {
  if (typeof c.awsAssumeRoleArn === "string" && IAM_ROLE_ARN_PATTERN.test(c.awsAssumeRoleArn) && typeof c.awsRegion === "string" && REGION_PATTERN.test(c.awsRegion)) {
    const partition = partitionOfRegion(c.awsRegion);
    const arnPartition = c.awsAssumeRoleArn.split(":")[1];
    if (arnPartition !== partition) {
      issue(
        ctx,
        "combination/assume-role-partition",
        ["awsAssumeRoleArn"],
        `${quote(c.awsAssumeRoleArn)} is in partition ${arnPartition}, but awsRegion ${quote(c.awsRegion)} is in ${partition}; use a role ARN starting with "arn:${partition}:iam::"`,
      );
    }
  }
}
