/**
 * The documented air-gapped path (docs/operations.md, "Air-gapped accounts"), run as written with the
 * registry out of reach (every HTTPS request goes to a closed local port) and the providers
 * only in a filesystem mirror: `npx cdktf diff` fails at its provider-lock step, and gets past
 * `terraform init` with `--skip-provider-lock`; plain Terraform in the stack folder initializes
 * from the mirror (CLI config or -plugin-dir) and validates. A split-duty stack: AWS provider only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildProject, ROOT, run, userEnv } from "../support/cli";
import { describeWithTerraform } from "../support/proof-guards";
import { requireTools } from "../support/terraform-tools";

const OPERATIONS = readFileSync(path.join(ROOT, "docs", "operations.md"), "utf8");
const start = OPERATIONS.indexOf("\n## Air-gapped accounts\n");
const next = OPERATIONS.indexOf("\n## ", start + 1);
const section = start < 0 ? "" : OPERATIONS.slice(start, next < 0 ? undefined : next);

test("docs/operations.md documents both ways: cdktf without its lock step, and plain Terraform from a mirror", () => {
  expect(section).toContain("npx cdktf deploy prod --skip-provider-lock");
  expect(section).toContain("filesystem_mirror {");
  expect(section).toContain("terraform init -input=false    # or: terraform init -plugin-dir=");
  expect(section).toContain("terraform plan -out=plan.tfplan && terraform apply plan.tfplan");
});

describeWithTerraform("offline, with the providers in a filesystem mirror only", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const out = () => path.join(dir, "out");
  beforeAll(async () => {
    await buildProject();
    dir = mkdtempSync(path.join(tmpdir(), "air-gapped-"));
    const config = path.join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ environments: { prod: { awsAccountId: "100000000000", manageDatadogIntegration: false, externalId: "0123456789abcdef0123456789abcdef" } } }));
    writeFileSync(path.join(dir, "mirror.tfrc"), `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(requireTools().mirror)}\n  }\n}\n`);
    const closed = "http://127.0.0.1:9";
    env = userEnv({
      DATADOG_AWS_CONFIG: config,
      TF_CLI_CONFIG_FILE: path.join(dir, "mirror.tfrc"),
      HTTPS_PROXY: closed,
      HTTP_PROXY: closed,
      NO_PROXY: "",
      CHECKPOINT_DISABLE: "1",
      CI: "1",
      FORCE_COLOR: "0",
      AWS_ACCESS_KEY_ID: "AKIAOFFLINE",
      AWS_SECRET_ACCESS_KEY: "offline",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_MAX_ATTEMPTS: "1",
    });
    // The stack folder as npm run synth writes it, so each test can also run alone (-t).
    const synth = await run(process.execPath, ["dist/main.js"], { ...env, CDKTF_OUTDIR: out() });
    expect(synth.code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cdktfDiff = async (...extra: string[]) => {
    rmSync(path.join(out(), "stacks", "prod", ".terraform"), { recursive: true, force: true });
    rmSync(path.join(out(), "stacks", "prod", ".terraform.lock.hcl"), { force: true });
    const r = await run("npx", ["cdktf", "diff", "prod", "--output", out(), ...extra], env);
    return { code: r.code, output: r.stdout + r.stderr };
  };
  const terraform = (...args: string[]) => run(requireTools().terraform, args, { ...env, TF_IN_AUTOMATION: "1" });

  test("npx cdktf diff asks the registry to lock providers, and fails", async () => {
    const r = await cdktfDiff();
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("Could not retrieve providers for locking");
  }, 180_000);

  test("with --skip-provider-lock it initializes from the mirror (and stops only at AWS, which is out of reach too)", async () => {
    const r = await cdktfDiff("--skip-provider-lock");
    expect(r.output).not.toContain("Could not retrieve providers");
    expect(r.output).toContain("Terraform has been successfully initialized");
    expect(readFileSync(path.join(out(), "stacks", "prod", ".terraform.lock.hcl"), "utf8")).toContain('provider "registry.terraform.io/hashicorp/aws"');
  }, 180_000);

  test.each([
    ["a CLI config filesystem_mirror", [] as string[]],
    ["-plugin-dir", ["-plugin-dir", "MIRROR"]],
  ])(
    "plain Terraform in the stack folder: init with %s, then validate",
    async (_name, flags) => {
      const stack = path.join(out(), "stacks", "prod");
      rmSync(path.join(stack, ".terraform"), { recursive: true, force: true });
      rmSync(path.join(stack, ".terraform.lock.hcl"), { force: true });
      const args = flags.map((f) => (f === "MIRROR" ? requireTools().mirror : f));
      const init = await terraform(`-chdir=${stack}`, "init", "-input=false", "-no-color", ...args);
      expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      const validate = await terraform(`-chdir=${stack}`, "validate", "-no-color");
      expect({ code: validate.code, stdout: validate.stdout.trim() }).toEqual({ code: 0, stdout: "Success! The configuration is valid." });
    },
    120_000,
  );
});
