/**
 * Local state by default lives in the stack's folder (cdktf.out/stacks/<env>/terraform.tfstate),
 * so a stack folder moved or published as an artifact carries its state. A state file left
 * at the default place of earlier versions (terraform.<env>.tfstate in the project folder)
 * is never silently ignored: synth refuses, names both ways out, and each of them works.
 * Through the real command, run from a project folder of its own.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ROOT, userEnv } from "../support/cli";

let project: string;
beforeEach(() => (project = mkdtempSync(path.join(tmpdir(), "local-state-"))));
afterEach(() => rmSync(project, { recursive: true, force: true }));

const PROD = { awsAccountId: "100000000000", manageDatadogIntegration: false, externalId: "0123456789abcdef0123456789abcdef" };
const STATE = '{"version":4,"serial":7,"lineage":"kept","resources":[]}';
const synth = (prod: Record<string, unknown> = PROD) => {
  writeFileSync(path.join(project, "datadog-aws.config.json"), JSON.stringify({ environments: { prod } }));
  // As a user runs it: from the project folder, with the default config file and output folder.
  return spawnSync(process.execPath, [path.join(ROOT, "dist", "main.js")], { cwd: project, env: userEnv({}), encoding: "utf8" });
};
const backendOf = () => JSON.parse(readFileSync(path.join(project, "cdktf.out", "stacks", "prod", "cdk.tf.json"), "utf8")).terraform.backend;

test("by default the stack's state is terraform.tfstate in its own folder", () => {
  expect(synth().status).toBe(0);
  expect(backendOf()).toEqual({ local: { path: "terraform.tfstate" } });
});

describe("a state file at the old default place (terraform.<env>.tfstate in the project folder)", () => {
  beforeEach(() => writeFileSync(path.join(project, "terraform.prod.tfstate"), STATE));

  test("is refused with both ways out, and nothing is written", () => {
    const r = synth();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("environments.prod.backend: terraform.prod.tfstate holds this environment's state where earlier versions kept it by default");
    expect(r.stderr).toContain('set "backend": { "type": "local", "path": "terraform.prod.tfstate" }');
    expect(r.stderr).toContain(`mkdir -p ${path.join("cdktf.out", "stacks", "prod")} && mv terraform.prod.tfstate ${path.join("cdktf.out", "stacks", "prod")}/terraform.tfstate`);
    expect(r.stderr).toContain("[config/state-at-old-path]");
    expect(existsSync(path.join(project, "cdktf.out"))).toBe(false);
    expect(readFileSync(path.join(project, "terraform.prod.tfstate"), "utf8")).toBe(STATE);
  });

  test("kept where it is: backend.path names it, and the stack points at it", () => {
    expect(synth({ ...PROD, backend: { type: "local", path: "terraform.prod.tfstate" } }).status).toBe(0);
    expect(backendOf()).toEqual({ local: { path: "../../../terraform.prod.tfstate" } });
  });

  test("moved as the error says: synth accepts it and leaves it in the stack folder", () => {
    mkdirSync(path.join(project, "cdktf.out", "stacks", "prod"), { recursive: true });
    renameSync(path.join(project, "terraform.prod.tfstate"), path.join(project, "cdktf.out", "stacks", "prod", "terraform.tfstate"));
    const r = synth();
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    expect(readFileSync(path.join(project, "cdktf.out", "stacks", "prod", "terraform.tfstate"), "utf8")).toBe(STATE);
    expect(backendOf()).toEqual({ local: { path: "terraform.tfstate" } });
  });
});
