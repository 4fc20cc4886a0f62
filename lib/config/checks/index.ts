/**
 * The cross-field rules, one named check each, in the order their problems are reported.
 * To add a rule: write it beside its kin in this folder and list it here.
 */
import type { Check, Ctx, EnvironmentValue, IntegrationValue } from "./check";
import { checkCspmNeedsResourceCollection, checkIncludeOrExclude, checkLogTagFilters, checkTagFilterOnce } from "./collection";
import { checkCostsAccount, checkCostsBucketPartition, checkCostsPieces } from "./costs";
import { checkExternalId, checkImport, checkLivePermissionsManaged } from "./datadog-side";
import { checkAssumeRoleArnGiven, checkDistinctKeyVariables, checkKeyVariablesNotReserved, checkKeyVariablesUsed } from "./key-variables";
import { checkListedNames } from "./listed-names";
import { checkMetricNameFilters } from "./metric-name-filters";
import { checkLogDeliveryDuplicates, checkLogDeliveryModes, checkLogDeliveryNoLoop, checkLogDeliveryRegions, checkLogDeliveryWhere } from "./log-delivery";
import { checkListedBackendRegion, checkListedRegions } from "./listed-region";
import { checkMetricStreams } from "./metric-streams";
import { checkAssumeRolePartition, checkAuthPartition, checkForwarderPartition, checkRegionsPartition } from "./partition";
import { checkStateBackend } from "./state-backend";

/** Rules that tie the integration's fields together (the construct's and an environment's). */
export const INTEGRATION_CHECKS: readonly Check<IntegrationValue>[] = [
  checkAuthPartition,
  checkRegionsPartition,
  checkForwarderPartition,
  checkCspmNeedsResourceCollection,
  checkIncludeOrExclude,
  checkListedNames,
  checkListedRegions,
  checkTagFilterOnce,
  checkLogTagFilters,
  checkMetricNameFilters,
  ...[checkLogDeliveryWhere, checkLogDeliveryRegions, checkLogDeliveryModes, checkLogDeliveryDuplicates, checkLogDeliveryNoLoop],
  checkExternalId,
  checkLivePermissionsManaged,
  checkImport,
  checkMetricStreams,
  checkCostsAccount,
  checkCostsBucketPartition,
  checkCostsPieces,
];

/** Rules of an environment beyond its integration's: how Terraform reaches the account, its state and keys. */
export const ENVIRONMENT_CHECKS: readonly Check<EnvironmentValue>[] = [
  ...INTEGRATION_CHECKS,
  checkAssumeRolePartition,
  checkStateBackend,
  checkListedBackendRegion,
  checkAssumeRoleArnGiven,
  checkDistinctKeyVariables,
  checkKeyVariablesNotReserved,
  checkKeyVariablesUsed,
];

/** Runs `checks` on a value (a zod superRefine). */
export const runChecks =
  <T>(checks: readonly Check<T>[]) =>
  (c: T, ctx: Ctx): void => {
    for (const check of checks) check(c, ctx);
  };
