/**
 * Rules that depend on whether the stack manages the Datadog side (manageDatadogIntegration):
 * the External ID, live permissions, and importing resources made by hand (combination/*).
 */
import { quote } from "../json-value";
import { authOf, type Ctx, type IntegrationValue, issue } from "./check";

/** The External ID comes from the tile exactly when the stack does not create the integration (role auth only). */
export function checkExternalId(c: IntegrationValue, ctx: Ctx): void {
  const auth = authOf(c);
  const manage = c.manageDatadogIntegration !== false;
  if (auth.type === "role") {
    if (!manage && c.externalId === undefined) {
      issue(
        ctx,
        "combination/external-id-required",
        ["externalId"],
        "is required when manageDatadogIntegration is false: open the Datadog AWS tile, choose Role Delegation > Manually, and copy the External ID here (it stays valid 48 hours if no account uses it)",
      );
    }
    if (manage && c.externalId !== undefined) {
      issue(
        ctx,
        "combination/external-id-unused",
        ["externalId"],
        "is set, but this stack creates the Datadog integration, which generates the External ID itself; remove externalId, or set manageDatadogIntegration to false to use one from the tile",
      );
    }
  } else if (auth.type === "accessKeys" && c.externalId !== undefined) {
    issue(ctx, "combination/external-id-unused", ["externalId"], "is only used with role delegation; access-key accounts have no External ID, so remove it");
  }
}

/** "live" permissions are read through the Datadog provider, which only a managing stack has. */
export function checkLivePermissionsManaged(c: IntegrationValue, ctx: Ctx): void {
  const manage = c.manageDatadogIntegration !== false;
  if (!manage && c.permissions === "live") {
    issue(
      ctx,
      "combination/live-permissions-unmanaged",
      ["permissions"],
      '"live" reads Datadog\'s lists through the Datadog provider, which this stack does not use (manageDatadogIntegration is false); use "pinned"',
    );
  }
}

/** The principals import can adopt: which auth type has it, the auth key naming it, and what to say. */
const ADOPTABLE = [
  {
    field: "iamRole",
    authType: "role",
    nameKey: "roleName",
    wrongType: 'is set, but auth.type is "accessKeys"; adopt the user with import.iamUser instead',
    fix: "set auth.roleName to the existing role's name (case-sensitive) so the import adopts it instead of renaming it",
  },
  {
    field: "iamUser",
    authType: "accessKeys",
    nameKey: "userName",
    wrongType: 'is set, but auth.type is "role"; adopt the role with import.iamRole instead',
    fix: "set auth.userName to the existing user's name",
  },
] as const;

/** What is imported must exist in this stack, under the name the stack gives it. */
export function checkImport(c: IntegrationValue, ctx: Ctx): void {
  const auth = authOf(c) as Partial<Record<string, unknown>>;
  const imp = c.import;
  if (typeof imp !== "object" || imp === null) return;
  if (imp.datadogAccountConfigId && c.manageDatadogIntegration === false) {
    issue(
      ctx,
      "combination/import-unmanaged",
      ["import", "datadogAccountConfigId"],
      "is set, but manageDatadogIntegration is false, so there is no Datadog integration in this stack to import into; remove it",
    );
  }
  for (const { field, authType, nameKey, wrongType, fix } of ADOPTABLE) {
    const given = imp[field];
    if (given === undefined) continue;
    if (auth.type !== authType) issue(ctx, "combination/import-wrong-principal", ["import", field], wrongType);
    else if (given !== auth[nameKey]) issue(ctx, "combination/import-name-mismatch", ["import", field], `${quote(given)} differs from auth.${nameKey} ${quote(auth[nameKey])}; ${fix}`);
  }
}
