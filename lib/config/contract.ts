/**
 * Facts several parts of the package must agree on, each written once: the config file's
 * name and variable, the output folder and where each stack keeps its state by default,
 * the Datadog key variables, the permission mode a setting left unset means, and which
 * pinned lists apply. The config, the construct (lib/constructs), the app (lib/app) and
 * doctor (cli/doctor) import them from here. (The names the integration writes into
 * Terraform are in lib/constructs/names.ts.)
 */
import * as path from "node:path";
import { RESOURCE_COLLECTION_PERMISSIONS, STANDARD_PERMISSIONS, type PermissionList } from "../facts/permissions";

/** The environment variable naming the config file. */
export const CONFIG_ENV_VAR = "DATADOG_AWS_CONFIG";
/** The config file read when the variable is not set, in the project folder. */
export const DEFAULT_CONFIG_FILE = "datadog-aws.config.json";

/** cdktf's output folder when `CDKTF_OUTDIR` is not set (cdktf.json's "output"). */
export const DEFAULT_OUTDIR = "cdktf.out";
/** A stack's folder inside an output folder, where Terraform runs for it. */
export const stackFolder = (name: string, outdir: string = DEFAULT_OUTDIR) => path.join(outdir, "stacks", name);
/** Local state by default: in the stack's own folder, where Terraform's local backend puts it, so the folder carries its state. */
export const DEFAULT_LOCAL_STATE_FILE = "terraform.tfstate";
/** Where a stack's state is by default, relative to the project folder, for an output folder (`CDKTF_OUTDIR`, default cdktf.out). */
export const defaultLocalStatePath = (name: string, outdir: string = DEFAULT_OUTDIR) => path.join(stackFolder(name, outdir), DEFAULT_LOCAL_STATE_FILE);
/** The default local state path of earlier versions: relative to the project folder. Synth refuses while a state file is still there (cli/synth/old-state-path.ts). */
export const oldDefaultLocalStatePath = (name: string) => `terraform.${name}.tfstate`;
/** The S3 state key of an environment that gives none: distinct per environment. */
export const defaultStateKey = (name: string) => `datadog-aws/${name}/terraform.tfstate`;

/** The variables the Datadog provider reads its keys from by itself (datadogApiKeyEnv and datadogAppKeyEnv default to them). */
export const DATADOG_KEY_VARIABLES = { api: "DD_API_KEY", app: "DD_APP_KEY" } as const;

/** Where the permission lists come from: pinned in the package, or Datadog's live lists read at plan time. */
export type PermissionMode = "pinned" | "live";

/**
 * The permission mode of an integration: as set, else "live" when the stack manages the
 * Datadog side (the Datadog provider is there to read the lists), else "pinned".
 */
export function permissionModeOf(settings: { readonly permissions?: PermissionMode; readonly manageDatadogIntegration: boolean }): PermissionMode {
  return settings.permissions ?? (settings.manageDatadogIntegration ? "live" : "pinned");
}

/** The pinned lists an integration gets: the standard one, and the resource-collection one when resourceCollection is on. */
export function pinnedListsFor(resourceCollection: boolean): readonly PermissionList[] {
  return resourceCollection ? [STANDARD_PERMISSIONS, RESOURCE_COLLECTION_PERMISSIONS] : [STANDARD_PERMISSIONS];
}
