/**
 * How the doctor reads IAM policies: wildcards, NotAction, unconditional Deny; and how it
 * shows External IDs.
 */
import { GrantedActions, patternCovers, patternsOverlap, statementsOf } from "../../../cli/doctor/policy";
import { mask } from "../../../cli/doctor/words";
import { EXTERNAL_ID } from "../../support/doctor-views";

test("wildcards in a grant cover the actions they name, case-insensitively", () => {
  expect(patternCovers("ec2:Describe*", "ec2:DescribeInstances")).toBe(true);
  expect(patternCovers("EC2:describe*", "ec2:DescribeInstances")).toBe(true);
  expect(patternCovers("*", "backup:List*")).toBe(true);
  expect(patternCovers("backup:*", "backup:List*")).toBe(true);
  expect(patternCovers("ec2:Describe?nstances", "ec2:DescribeInstances")).toBe(true);
  // A narrower grant does not cover a wider required pattern.
  expect(patternCovers("backup:ListBackupJobs", "backup:List*")).toBe(false);
  expect(patternCovers("backup:List?", "backup:List*")).toBe(false);
  expect(patternCovers("ec2:Describe*", "ec2:GetConsoleOutput")).toBe(false);
  expect(patternsOverlap("ec2:Describe*", "ec2:*Instances")).toBe(true);
  expect(patternsOverlap("ec2:Describe*", "s3:*")).toBe(false);
});

test("granted actions: Allow with Resource *, NotAction, and unconditional Deny", () => {
  const placed = (doc: unknown, policy: string) => statementsOf(doc).map((statement) => ({ statement, policy }));
  const granted = new GrantedActions([
    ...placed({ Statement: [{ Effect: "Allow", Action: ["ec2:Describe*", "s3:GetBucketTagging"], Resource: "*" }] }, "a"),
    ...placed({ Statement: { Effect: "Allow", Action: "lambda:List*", Resource: "arn:aws:lambda:us-east-1:123456789012:function:x" } }, "narrow"),
    ...placed(
      {
        Statement: [
          { Effect: "Allow", NotAction: ["iam:*"], Resource: "*" },
          { Effect: "Deny", Action: "tag:GetResources", Resource: "*" },
        ],
      },
      "b",
    ),
  ]);
  expect(granted.grants("ec2:DescribeInstances")).toBe(true);
  expect(granted.grants("s3:getbuckettagging")).toBe(true);
  expect(granted.grants("lambda:ListFunctions")).toBe(true); // through b's NotAction
  expect(granted.grants("iam:ListRoles")).toBe(false);
  expect(granted.grants("tag:GetResources")).toBe(false);
  expect(granted.deniedBy("tag:GetResources")).toBe("b");
});

test("External IDs are masked to their last 4 characters", () => {
  expect(mask(EXTERNAL_ID)).toBe("********cd01");
  expect(mask("short")).toBe("***rt");
});
