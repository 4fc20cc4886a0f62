/**
 * State per partition: a GovCloud environment whose state lives in a commercial account's
 * S3 bucket, reached with its own profile, a role it assumes there, a KMS key and native
 * locking. Synthesized by the app, then `terraform init` and `apply` with the real S3
 * backend against moto, and the state object read back; bad combinations are refused.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MotoServer } from "../support/moto-server";
import { proofToolsReady } from "../support/proof-guards";
import { configWith, problemsOf, synthOne } from "../support/synth";
import { runCommand, terraformEnv } from "../support/terraform-process";
import { findProofTools } from "../support/test-tools";

const STATE_ACCOUNT = "111111111111";
const PROFILE_ACCOUNT = "999999999999";
const GOV = { awsAccountId: "123456789012", awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", manageDatadogIntegration: false, externalId: "0123456789abcdef0123456789abcdef" };
const BACKEND = {
  type: "s3",
  bucket: "org-state",
  region: "us-east-1",
  profile: "state",
  roleArn: `arn:aws:iam::${STATE_ACCOUNT}:role/state-writer`,
  kmsKeyId: "alias/terraform-state",
  useLockfile: true,
};

test("compliant: profile, role and KMS key are written the way Terraform's S3 backend reads them", () => {
  expect(synthOne({ ...GOV, backend: BACKEND }).terraform!.backend.s3).toEqual({
    bucket: "org-state",
    key: "datadog-aws/test/terraform.tfstate",
    region: "us-east-1",
    encrypt: true,
    profile: "state",
    kms_key_id: "alias/terraform-state",
    assume_role: { role_arn: `arn:aws:iam::${STATE_ACCOUNT}:role/state-writer` },
    use_lockfile: true,
  });
});

test.each([
  [
    "a role in another partition than the bucket",
    { roleArn: "arn:aws-us-gov:iam::111111111111:role/state" },
    "backend.roleArn",
    /is in partition aws-us-gov, but the bucket's region "us-east-1" is in aws/,
  ],
  ["a KMS key in another region", { kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:alias/state" }, "backend.kmsKeyId", /a key in eu-west-1 \(aws\), but the bucket's region "us-east-1"/],
  ["a KMS key with encryption off", { encrypt: false }, "backend.kmsKeyId", /"encrypt" is false/],
  ["something that is not a KMS key", { kmsKeyId: "terraform-state" }, "backend.kmsKeyId", /not a KMS key S3 can use; give its ARN/],
])("non-compliant: %s", (_name, change, field, message) => {
  const problems = problemsOf(configWith({ ...GOV, backend: { ...BACKEND, ...change } }, undefined, "gov"));
  expect(problems).toEqual([expect.stringMatching(new RegExp(`^environments\\.gov\\.${field.replace(".", "\\.")}: `))]);
  expect(problems[0]).toMatch(message);
});

if (proofToolsReady("state backend against moto")) {
  test("terraform init and apply with the real S3 backend: through the profile and the role, encrypted with the key", async () => {
    const tools = findProofTools();
    const moto = await MotoServer.start(tools.motoPython!);
    const dir = mkdtempSync(path.join(tmpdir(), "state-backend-"));
    try {
      const keys = JSON.parse(
        execFileSync(tools.motoPython!, [path.join(__dirname, "..", "support", "moto_state_bucket.py"), moto.url, PROFILE_ACCOUNT, STATE_ACCOUNT, GOV.awsAccountId, GOV.awsRegion], {
          encoding: "utf8",
        }),
      );
      const stack = synthOne({ ...GOV, backend: BACKEND });
      // The stack unchanged; beside it only what moto needs: path-style bucket addresses.
      writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(stack));
      writeFileSync(path.join(dir, "zz_test_override.tf.json"), JSON.stringify({ terraform: { backend: { s3: { ...stack.terraform!.backend.s3, use_path_style: true } } } }));
      writeFileSync(path.join(dir, "terraform.tfrc"), `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(tools.terraform!.mirror)}\n  }\n}\n`);
      // The backend's profile is a pipeline user of another account, which assumes the role.
      writeFileSync(
        path.join(dir, "aws-credentials"),
        `[default]\naws_access_key_id = ${keys.workload.key}\naws_secret_access_key = ${keys.workload.secret}\n\n[state]\naws_access_key_id = ${keys.profile.key}\naws_secret_access_key = ${keys.profile.secret}\n`,
      );
      const env = terraformEnv(dir, { AWS_ENDPOINT_URL: moto.url });
      for (const args of [
        ["init", "-input=false"],
        ["apply", "-auto-approve", "-input=false"],
      ]) {
        const r = await runCommand(tools.terraform!.terraform, [...args, "-no-color"], dir, env);
        expect({ args, exitCode: r.exitCode, stderr: r.stderr }).toEqual({ args, exitCode: 0, stderr: expect.any(String) });
      }
      const object = JSON.parse(
        execFileSync(
          tools.motoPython!,
          [
            "-c",
            "import boto3,json,sys; s3=boto3.client('s3',endpoint_url=sys.argv[1],region_name='us-east-1',aws_access_key_id=sys.argv[2],aws_secret_access_key=sys.argv[3]); h=s3.head_object(Bucket='org-state',Key='datadog-aws/test/terraform.tfstate'); print(json.dumps({'sse': h.get('ServerSideEncryption'), 'key': h.get('SSEKMSKeyId')}))",
            moto.url,
            keys.state.key,
            keys.state.secret,
          ],
          { encoding: "utf8" },
        ),
      );
      expect(object).toEqual({ sse: "aws:kms", key: "alias/terraform-state" });
      // moto keeps the roles assumed through it; only the backend assumes one here.
      const sts = ((await (await fetch(`${moto.url}/moto-api/data.json`)).json()) as { sts: { AssumedRole: { arn?: string; role_arn?: string }[] } }).sts;
      expect(sts.AssumedRole.map((r) => r.role_arn ?? r.arn)).toContainEqual(expect.stringMatching(/role\/state-writer$|:assumed-role\/state-writer\//));
    } finally {
      await moto.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
