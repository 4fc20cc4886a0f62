/**
 * `resource.importFrom(id)` (a Terraform import block) without the synth-time check cdktf
 * adds with it: that check runs `terraform version` on the machine that synthesizes, so a
 * synth without Terraform installed failed, and it costs a process per import. Terraform
 * itself refuses an import block before 1.5, and the app's stacks require 1.5
 * (`requireTerraformVersion`).
 */
import { TerraformResource } from "cdktf";

export function adopt(resource: TerraformResource, id: string): void {
  const node = resource.node;
  const addValidation = node.addValidation;
  node.addValidation = () => undefined;
  try {
    resource.importFrom(id);
  } finally {
    node.addValidation = addValidation;
  }
}
