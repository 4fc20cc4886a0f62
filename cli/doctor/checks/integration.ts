/**
 * The Datadog side as Datadog holds it: whether the account's integration exists, in the
 * environment's partition, with the environment's auth type, collecting metrics, and (when
 * the stack leaves Datadog to others) collecting resources the role has no permissions for.
 * Without Datadog's keys (split duty) the whole Datadog side is listed as not checked.
 */
import { counting, defineCheck } from "../check";
import { mask, quote } from "../words";

export const integrationCheck = defineCheck({
  name: "integration",
  findings: {
    "integration-missing": {
      meaning: "Datadog has no AWS integration for the account, so it collects nothing from it.",
      fix: "`npx cdktf deploy <env>` creates it; in split duty, a Datadog admin adds it on the AWS integration page.",
    },
    "integration-auth-type": {
      meaning:
        "Datadog holds the account with the other auth type (a role where the environment uses access keys, or the reverse); " +
        "it cannot switch in place.",
      fix: "Delete the integration in Datadog, then deploy; or set auth to the type Datadog holds.",
    },
    "integration-partition": {
      meaning: "Datadog holds the account in another AWS partition than the environment's awsRegion puts it in.",
      fix: "`npx cdktf deploy <env>` sets the partition (check awsRegion first); in split duty, remove the account in Datadog and add it again.",
    },
    "integration-disabled": {
      meaning: "Metric collection is off in Datadog (metrics_config.enabled false), so no CloudWatch metrics arrive.",
      fix: "`npx cdktf deploy <env>` turns it on again; in split duty, on the AWS integration page (Metric Collection tab).",
    },
    "resource-collection-permissions": {
      meaning:
        "Split duty: Datadog collects resources (extended_collection on), but resourceCollection is off, " +
        "so the role lacks the resource-collection permissions.",
      fix: "Set resourceCollection to true, then deploy; or turn resource collection off on the AWS integration page.",
    },
  },
  run({ subject: s, datadog, words: w }, out) {
    if (datadog.notRead !== undefined) {
      const held = s.auth.type === "role" ? "role name and External ID" : "access key";
      out.skipped(`the Datadog side (whether the integration exists, its state, the ${held} it holds, whether metrics arrive): ${datadog.notRead}`);
      return;
    }
    const account = datadog.account;
    if (!account) {
      const addByHand =
        `a Datadog admin adds it on ${w.tile}: Role Delegation > Manually, AWS account ID ${s.accountId} (no dashes), ` +
        (s.auth.type === "role"
          ? `role name ${quote(s.auth.roleName)} exactly (the datadog_tile_role_name output), ` +
            `and an External ID that goes into ${w.field("externalId")} before ${w.deploy}`
          : `the access key of user ${quote(s.auth.userName)}`);
      out.problem({
        code: "integration-missing",
        problem: `Datadog has no AWS integration for account ${s.accountId}, so it collects nothing from it`,
        where: `${w.datadog(undefined)} (read from ${datadog.apiUrl})`,
        fix: s.manageDatadogIntegration
          ? [
              `${w.deploy} creates it (if Terraform's state still lists one, the plan notices it is gone and creates it again; ` +
                "Datadog generates a new External ID and the trust policy takes it)",
              "if the account is integrated in another Datadog organization or site, " +
                `use that organization's keys and set ${w.field("datadogSite")} to its site`,
            ]
          : [addByHand],
      });
      return;
    }
    const a = account.attributes;
    const found = counting(out);
    if (a.aws_partition && a.aws_partition !== s.partition) {
      found.problem({
        code: "integration-partition",
        problem:
          `Datadog holds account ${s.accountId} as partition ${a.aws_partition}, but the environment's awsRegion puts it in ${s.partition}: ` +
          "Datadog calls the wrong AWS partition",
        where: `${w.datadog(account)}, aws_partition; ${w.field("awsRegion")}`,
        fix: s.manageDatadogIntegration
          ? [
              `${w.deploy} sets the partition Datadog holds to ${s.partition}; ` +
                `if ${s.partition} is wrong, set ${w.field("awsRegion")} to a region of the account's partition first`,
            ]
          : [`on ${w.tile}, remove the account and add it again in partition ${s.partition}`],
      });
    }
    const auth = a.auth_config ?? {};
    const holds = auth.role_name !== undefined ? "role" : auth.access_key_id !== undefined ? "accessKeys" : undefined;
    if (holds && holds !== s.auth.type) {
      const heldWith = holds === "role" ? `role ${quote(auth.role_name!)}` : `an access key (${mask(auth.access_key_id!)})`;
      const how = (type: string) => (type === "role" ? "role delegation" : "access keys");
      const curl =
        `curl -X DELETE "${s.site.apiUrl}/api/v2/integration/aws/accounts/${account.id}" ` +
        '-H "DD-API-KEY: $DD_API_KEY" -H "DD-APPLICATION-KEY: $DD_APP_KEY"';
      found.problem({
        code: "integration-auth-type",
        problem:
          `Datadog reaches account ${s.accountId} with ${heldWith}, ` +
          `but the environment uses ${how(s.auth.type)}; Datadog cannot switch between the two in place`,
        where: `${w.datadog(account)}, auth_config; ${w.field("auth.type")}`,
        fix: [
          `delete the integration in Datadog (on ${w.tile}, or \`${curl}\`), ` +
            `then ${w.deploy}${s.manageDatadogIntegration ? "" : " and have a Datadog admin add it again"}`,
          `or, if ${how(holds)} is what you want, set ${w.field("auth")} accordingly`,
        ],
      });
    }
    const metricsOn = a.metrics_config?.enabled !== false;
    if (!metricsOn && (s.metricsEnabled || !s.manageDatadogIntegration)) {
      found.problem({
        code: "integration-disabled",
        problem: `metric collection is off in Datadog (metrics_config.enabled is false), so no CloudWatch metrics arrive from account ${s.accountId}`,
        where: `${w.datadog(account)}, metrics_config.enabled`,
        fix: s.manageDatadogIntegration
          ? [`${w.deploy} turns it on again (${w.field("metrics.enabled")} is true)`]
          : [`turn metric collection on at ${w.tile} (Metric Collection tab)`],
      });
    }
    if (a.resources_config?.extended_collection === true && !s.resourceCollection && !s.manageDatadogIntegration) {
      found.problem({
        code: "resource-collection-permissions",
        problem:
          `Datadog collects resources from account ${s.accountId} (extended_collection on), but the environment leaves resourceCollection off, ` +
          `so the ${w.principalKind} lacks Datadog's resource-collection permissions and resource data is missing`,
        where: `${w.datadog(account)}, resources_config.extended_collection; ${w.field("resourceCollection")}`,
        fix: [`set ${w.field("resourceCollection")} to true, then ${w.deploy}`, `or turn resource collection off at ${w.tile}`],
      });
    }
    if (found.problems === 0) out.passed(`${w.datadog(account)} exists; metric collection ${metricsOn ? "on" : "off, as the config says"}`);
  },
});
