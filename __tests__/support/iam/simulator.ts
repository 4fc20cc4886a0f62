// AWS's policy evaluation for one request (@cloud-copilot/iam-simulate), so checks prove what IAM decides, not what a policy's text suggests.
/**
 * Limits of the simulator, covered by structural checks instead:
 * - it matches principals by account ID only, ignoring the partition, so a trust policy
 *   naming `arn:aws:iam::<id>:root` in GovCloud is caught by comparing the ARN itself;
 * - it knows one action catalogue for all partitions (a service missing in China is
 *   still "real" to it; IAM accepts such actions in policies, they just never match).
 * Simulations are counted as "iamSimulations" proofs by the checks that run them.
 */
import { runSimulation, type RunSimulationResults, type Simulation } from "@cloud-copilot/iam-simulate";
import { quote } from "./policy-documents";

export type Outcome = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export async function simulate(simulation: Simulation): Promise<Outcome> {
  let result: RunSimulationResults = await runSimulation(simulation, {});
  if (result.resultType === "error" && /resource\.types/.test(result.errors.message) && simulation.request.resource.resource !== "*") {
    // The example ARN fits several of the action's resource types: ask about all of them.
    result = await runSimulation({ ...simulation, request: { ...simulation.request, resource: { ...simulation.request.resource, resource: "*" } } }, {});
  }
  if (result.resultType === "error") {
    throw new Error(`the simulator refused the request ${simulation.request.action} by ${quote(simulation.request.principal)}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}
