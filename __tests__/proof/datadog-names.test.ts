/**
 * CloudWatch namespaces and log sources are judged against Datadog's dated lists at
 * synth time, because the provider passes anything and the API refuses an unknown name
 * only at apply (lifecycle-changes.test.ts shows that refusal with the real provider).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { configWith, problemsOf, synthOne } from "../support/synth";
import { run, userEnv } from "../support/cli";
import { CLOUDWATCH_NAMESPACES, LOG_SOURCES } from "../../lib/facts/datadog-lists";

const problems = (env: Record<string, unknown>) => problemsOf(configWith(env, undefined, "prod"));
const accepted = (env: Record<string, unknown>) => synthOne(env).resource!.datadog_integration_aws_account.datadog_integration;

describe("compliant: names Datadog writes, however irregular", () => {
  test.each([["AWS/EC2/API"], ["Glue"], ["WAF"], ["/aws/sagemaker/Endpoints"], ["AWS/S3/Storage-Lens"], ["AWS/Network Manager"], ["AmazonMWAA"]])("%s", (ns) => {
    expect(accepted({ metrics: { namespaces: { includeOnly: [ns] } } }).metrics_config.namespace_filters).toEqual({ include_only: [ns] });
  });

  test("every listed log source", () => {
    expect(accepted({ logs: { sources: [...LOG_SOURCES.names] } }).logs_config.lambda_forwarder.sources).toEqual(LOG_SOURCES.names);
  });

  test("a namespace newer than the list, when the environment also names it in newNamespaces", () => {
    const env = { metrics: { namespaces: { excludeOnly: ["AWS/Usage", "AWS/Newly/Launched"] }, newNamespaces: ["AWS/Newly/Launched"] } };
    expect(accepted(env).metrics_config.namespace_filters).toEqual({ exclude_only: ["AWS/Usage", "AWS/Newly/Launched"] });
  });

  test("a log source newer than the list, through newSources", () => {
    expect(accepted({ logs: { sources: ["s3", "vpc-flow"], newSources: ["vpc-flow"] } }).logs_config.lambda_forwarder.sources).toEqual(["s3", "vpc-flow"]);
  });

  test("the lists carry their date and source", () => {
    for (const list of [CLOUDWATCH_NAMESPACES, LOG_SOURCES]) {
      expect(list.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(list.source).toMatch(/^Datadog API GET \/api\/v2\/integration\/aws\//);
      expect(new Set(list.names).size).toBe(list.names.length);
    }
  });
});

describe("non-compliant: refused at synth with the name a person meant", () => {
  test.each([
    ["a service without its AWS/ prefix", { metrics: { namespaces: { includeOnly: ["EC2"] } } }, "metrics.namespaces.includeOnly[0]", '"AWS/EC2"'],
    ["the wrong case", { metrics: { namespaces: { excludeOnly: ["aws/rds"] } } }, "metrics.namespaces.excludeOnly[0]", '"AWS/RDS"'],
    ["a typo", { metrics: { namespaces: { includeOnly: ["AWS/Lamda"] } } }, "metrics.namespaces.includeOnly[0]", '"AWS/Lambda"'],
    ["a tag filter's namespace", { metrics: { tagFilters: [{ namespace: "AWS/ELBv2", tags: ["env:prod"] }] } }, "metrics.tagFilters[0].namespace", '"AWS/ELB"'],
    ["a log source in capitals", { logs: { sources: ["S3"] } }, "logs.sources[0]", '"s3"'],
    ["a log source typo", { logs: { sources: ["cloudtrial"] } }, "logs.sources[0]", '"cloudtrail"'],
  ])("%s", (_name, env, field, meant) => {
    expect(problems(env)).toEqual([expect.stringContaining(`environments.prod.${field}: `)]);
    expect(problems(env)[0]).toContain(`did you mean ${meant}?`);
    expect(problems(env)[0]).toMatch(/also list it in (metrics\.newNamespaces|logs\.newSources)$/);
  });

  test("a name nothing resembles points at Datadog's list instead of guessing", () => {
    const [problem] = problems({ logs: { sources: ["kinesis-firehose-delivery"] } });
    expect(problem).toContain("Datadog's names come from Datadog API GET /api/v2/integration/aws/logs/services");
    expect(problem).not.toContain("did you mean");
  });

  test("through the CLI: exit 2, the environment and field named, nothing written", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "names-"));
    try {
      const config = path.join(dir, "c.json");
      writeFileSync(config, JSON.stringify(configWith({ metrics: { namespaces: { includeOnly: ["AWS/EC2", "Lambda"] } } }, undefined, "prod")));
      const r = await run(process.execPath, ["dist/main.js"], userEnv({ DATADOG_AWS_CONFIG: config, CDKTF_OUTDIR: path.join(dir, "out") }));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('environments.prod.metrics.namespaces.includeOnly[1]: "Lambda" is not a CloudWatch namespace Datadog knows');
      expect(r.stderr).toContain('did you mean "AWS/Lambda"?');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(path.join(dir, "out"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
