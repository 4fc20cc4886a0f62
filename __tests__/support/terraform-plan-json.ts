// Terraform's machine-readable output (`show -json` plans, `validate -json`), the parts tests read, and readers for them.

export interface PlannedResource {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: number | string;
  readonly values: Record<string, any>;
}

interface PlannedModule {
  readonly resources?: PlannedResource[];
  readonly child_modules?: PlannedModule[];
}

export interface ResourceChange {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: number | string;
  readonly change: {
    readonly actions: string[];
    readonly before: Record<string, any> | null;
    readonly after: Record<string, any> | null;
    readonly after_unknown?: Record<string, any>;
    readonly importing?: { readonly id?: string };
  };
}

export interface TerraformPlan {
  readonly format_version: string;
  readonly terraform_version: string;
  readonly applyable?: boolean;
  readonly complete?: boolean;
  readonly errored: boolean;
  readonly planned_values?: { readonly root_module?: PlannedModule; readonly outputs?: Record<string, { sensitive: boolean; value?: unknown }> };
  readonly resource_changes?: ResourceChange[];
  readonly output_changes?: Record<string, { actions: string[]; after?: unknown; after_unknown?: unknown }>;
  readonly configuration?: Record<string, any>;
  readonly [key: string]: unknown;
}

/** Resource changes of one type (managed resources only). */
export function changesOfType(plan: TerraformPlan, type: string): ResourceChange[] {
  return (plan.resource_changes ?? []).filter((r) => r.mode === "managed" && r.type === type);
}

/** Output values known at plan time (sensitive ones included, as Terraform's JSON has them). */
export function plannedOutputs(plan: TerraformPlan): Record<string, unknown> {
  return Object.fromEntries(Object.entries(plan.planned_values?.outputs ?? {}).map(([k, v]) => [k, v.value]));
}

export interface ValidateJson {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: { severity: string; summary: string; detail?: string }[];
}

/** Resource changes that are not no-ops ("read" of data sources excluded), as "address: actions". */
export function changesIn(plan: TerraformPlan): string[] {
  return (plan.resource_changes ?? [])
    .filter((r) => r.mode === "managed" && !(r.change.actions.length === 1 && r.change.actions[0] === "no-op"))
    .map((r) => `${r.address}: ${r.change.actions.join("+")}${r.change.importing ? " (import)" : ""}`);
}
