/**
 * The deployer policy of each stack synth writes (lib/stack/deployer-policy.ts), derived
 * from the Terraform JSON cdktf resolves for the stack's cdk.tf.json, at the moment cdktf
 * resolves it, rather than by reading the file back and parsing it again (~0.06 s of CPU
 * at 500 environments).
 *
 * It is the very object cdktf then writes. Writing it, cdktf (json-stable-stringify) sorts
 * keys and leaves out undefined values; the policy reads both forms alike (an undefined
 * value is "not set", and every list the policy writes is sorted), so the policy is the
 * same bytes as from the file: the bench's byte comparison and the synth snapshots check it.
 */
import type { TerraformStack } from "cdktf";
import { type DeployerPolicyDocument, deployerPolicy, type SynthesizedStack } from "../../lib/stack/deployer-policy";

/** Each stack's policy, by stack name, filled in as cdktf resolves the stacks (App.synth(), or a stack's own toTerraform()). */
export function policiesOnResolve(stacks: readonly TerraformStack[]): ReadonlyMap<string, DeployerPolicyDocument> {
  const policies = new Map<string, DeployerPolicyDocument>();
  for (const stack of stacks) {
    const toTerraform = stack.toTerraform.bind(stack);
    stack.toTerraform = () => {
      const tf = toTerraform();
      policies.set(stack.node.id, deployerPolicy(tf as SynthesizedStack));
      return tf;
    };
  }
  return policies;
}
