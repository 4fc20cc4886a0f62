/**
 * The deployer policy of each stack synth writes (lib/stack/deployer-policy.ts), derived
 * from the Terraform JSON cdktf resolves for the stack's cdk.tf.json, at the moment cdktf
 * resolves it, rather than by reading the file back and parsing it again (~0.06 s of CPU
 * at 500 environments).
 *
 * It is the very object cdktf then writes. Writing it, cdktf (json-stable-stringify) sorts
 * keys and leaves out undefined values. The policy reads an undefined value as "not set"
 * and sorts every list it writes; it is given the resource and data source types and names
 * in the file's order, so even the problems it reports for a stack it cannot cover come in
 * the order they would from the file. The bench's byte comparison and the synth snapshots
 * check the bytes.
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
      const synthesized = tf as SynthesizedStack;
      policies.set(stack.node.id, deployerPolicy({ ...synthesized, resource: inFileOrder(synthesized.resource), data: inFileOrder(synthesized.data) }));
      return tf;
    };
  }
  return policies;
}

type Blocks = SynthesizedStack["resource"];

/** Types and, within each, names in the order cdk.tf.json has them (sorted keys). */
function inFileOrder(blocks: Blocks): Blocks {
  if (!blocks) return blocks;
  const sorted = (o: Readonly<Record<string, unknown>>) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  return Object.fromEntries(
    Object.keys(blocks)
      .sort()
      .map((type) => [type, sorted(blocks[type])]),
  );
}
