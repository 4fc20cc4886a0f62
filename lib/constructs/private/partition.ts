/**
 * Which partition an integration is in. The partition decides every ARN, including whom
 * the role trusts, so it is never guessed: it comes from a literal region, the props' or
 * else the AWS provider's the resources are created with, and the two must agree.
 */
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { invalidIntegrationProps } from "../../errors";
import { isToken } from "../../config/fields/rules";
import { Partition, partitionOfRegion } from "../../facts/partitions";

/** The stack's AWS provider without an alias, the one resources use when none is given. */
function defaultAwsProvider(stack: TerraformStack): AwsProvider | undefined {
  return stack.node.findAll().find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
}

/** The region of the provider the resources are created with, when it is a literal. */
export function literalProviderRegion(stack: TerraformStack, awsProvider: AwsProvider | undefined): string | undefined {
  const region = (awsProvider ?? defaultAwsProvider(stack))?.region;
  return region !== undefined && !isToken(region) ? region : undefined;
}

/** The partition of the resolved region; throws when it is not literal or disagrees with the provider's. */
export function integrationPartition(awsRegion: string, providerRegion: string | undefined, constructPath: string): Partition {
  if (isToken(awsRegion)) {
    throw invalidIntegrationProps(constructPath, [
      { code: "construct/region-not-literal", path: "awsRegion", message: "must be a literal region, not a value known only at plan time, because it decides the partition of every ARN" },
    ]);
  }
  const partition = partitionOfRegion(awsRegion);
  if (providerRegion !== undefined && partitionOfRegion(providerRegion) !== partition) {
    throw invalidIntegrationProps(constructPath, [
      {
        code: "construct/provider-partition",
        path: "awsRegion",
        message: `${JSON.stringify(awsRegion)} is in partition ${partition}, but the AWS provider these resources are created with is in ${JSON.stringify(providerRegion)} (${partitionOfRegion(providerRegion)}); leave awsRegion out to use the provider's, or give the construct an awsProvider in the right partition`,
      },
    ]);
  }
  return partition;
}
