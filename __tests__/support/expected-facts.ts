// The Datadog and AWS facts the tests hold the product to, written out from the public sources instead of imported from lib/facts, so a wrong product fact fails a test.
/**
 * Sources: Datadog's CloudFormation template, https://github.com/DataDog/cloudformation-template
 * `aws_quickstart/main_v2.yaml`, mapping `DdAccountIdBySite`; Datadog's AWS manual setup
 * guide, https://docs.datadoghq.com/integrations/guide/aws-manual-setup/; AWS's ARN
 * reference for partitions, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export type ExpectedPartition = "aws" | "aws-us-gov" | "aws-cn";

/** The Datadog AWS account each site's role must trust, per partition it offers roles in. */
export const EXPECTED_TRUST_ACCOUNTS: Record<string, Partial<Record<ExpectedPartition, string>>> = {
  "datadoghq.com": { aws: "464622532012" },
  "us3.datadoghq.com": { aws: "464622532012" },
  "us5.datadoghq.com": { aws: "464622532012" },
  "datadoghq.eu": { aws: "464622532012" },
  "ap1.datadoghq.com": { aws: "417141415827" },
  "ap2.datadoghq.com": { aws: "412381753143" },
  "uk1.datadoghq.com": { aws: "117348461845" },
  "ddog-gov.com": { aws: "392588925713", "aws-us-gov": "065115117704" },
  "us2.ddog-gov.com": { aws: "382742775718", "aws-us-gov": "486737091498" },
};

/** AWS's rule, restated: us-gov-* is GovCloud, cn-* is China, everything else commercial. */
export const expectedPartitionOf = (region: string): ExpectedPartition => (region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws");
