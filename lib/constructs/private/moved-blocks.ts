/**
 * Terraform `moved` blocks between two addresses of the same objects. cdktf's own
 * moveTo/moveFromId move a whole resource; these move single instances (`x_1` to
 * `x[0]`), which is what switching between pinned and live permissions needs.
 */
import { Construct } from "constructs";
import { TerraformElement } from "cdktf";

export interface Move {
  /** The address objects may have in state, e.g. `aws_iam_policy.datadog_permissions_1`. */
  readonly from: string;
  /** Their address in this configuration, e.g. `aws_iam_policy.datadog_permissions[0]`. */
  readonly to: string;
}

const reference = (value: string) => ({ value, isBlock: false, type: "simple", storageClassType: "reference" });

export class MovedBlocks extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly moves: readonly Move[],
  ) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    return { moved: this.moves.map((m) => ({ from: m.from, to: m.to })) };
  }

  override toHclTerraform(): Record<string, unknown> {
    return { moved: this.moves.map((m) => ({ from: reference(m.from), to: reference(m.to) })) };
  }
}
