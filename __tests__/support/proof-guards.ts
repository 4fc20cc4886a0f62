// When a proof's tools are missing: a banner and a skipped test, or a failing one under REQUIRE_TERRAFORM=1 / REQUIRE_MOTO=1, so a skip is never silent.
import { releaseTerraformRuns } from "./terraform-offline-plan";
import { findTerraformTools } from "./terraform-tools";
import { type DatadogProvider, findProofTools } from "./test-tools";

/** A banner that cannot be missed in Jest's output, for a part of the proof that is skipped. */
export function skipBanner(what: string, why: string, requireVariable?: string): void {
  const line = "!".repeat(78);
  const turn = requireVariable ? `\n(${requireVariable}=1 turns this skip into a failure.)` : "";
  console.warn(`\n${line}\nSKIPPING ${what}:\n${why}${turn}\n${line}\n`);
}

/**
 * True when Terraform, the AWS provider mirror and moto are there. Otherwise declares a
 * banner and a skipped test, or a failing one under REQUIRE_TERRAFORM=1 (Terraform and
 * the AWS mirror) or REQUIRE_MOTO=1 (moto), which .ci/run sets, and returns false.
 */
export function proofToolsReady(title: string): boolean {
  const tools = findProofTools();
  const missing = [...tools.terraformMissing, ...(tools.motoMissing ? [tools.motoMissing] : [])];
  if (!missing.length) return true;
  const required = (!!tools.terraformMissing.length && process.env.REQUIRE_TERRAFORM === "1") || (!!tools.motoMissing && process.env.REQUIRE_MOTO === "1");
  if (required) {
    test(`${title}: Terraform, the AWS provider mirror and moto are available`, () => {
      throw new Error(`lifecycle proofs cannot run:\n- ${missing.join("\n- ")}`);
    });
  } else {
    skipBanner(title, `- ${missing.join("\n- ")}`, "REQUIRE_TERRAFORM / REQUIRE_MOTO");
    test.skip(title, () => undefined);
  }
  return false;
}

/**
 * True when moto is there; else declares one test that fails under REQUIRE_MOTO=1 or is
 * skipped with a banner, as proofToolsReady does.
 */
export function motoReady(title: string): boolean {
  const tools = findProofTools();
  if (tools.motoPython) return true;
  const why = tools.motoMissing ?? "moto is not installed";
  if (process.env.REQUIRE_MOTO === "1") {
    test(`${title}: moto is available`, () => {
      throw new Error(`${title} cannot run: ${why}`);
    });
  } else {
    skipBanner(title, `- ${why}`, "REQUIRE_MOTO");
    test.skip(title, () => undefined);
  }
  return false;
}

/**
 * `describe` for suites that plan with Terraform against moto (support/terraform-offline-plan.ts).
 * Without Terraform or moto: a loud warning and a skipped suite, or, with REQUIRE_TERRAFORM=1
 * (Terraform missing) or REQUIRE_MOTO=1 (moto missing), as CI sets both, a failing test that
 * says what is missing.
 */
export function describeWithTerraform(name: string, body: () => void): void {
  const { tools, missing: terraformMissing } = findTerraformTools();
  const { motoPython, motoMissing } = findProofTools();
  const missing = [...terraformMissing, ...(motoPython ? [] : [motoMissing ?? "moto is not installed"])];
  if (tools && motoPython) {
    describe(name, () => {
      afterAll(releaseTerraformRuns);
      body();
    });
    return;
  }
  const message = `Terraform tests cannot run:\n- ${missing.join("\n- ")}`;
  if ((!tools && process.env.REQUIRE_TERRAFORM === "1") || (!motoPython && process.env.REQUIRE_MOTO === "1")) {
    describe(name, () => {
      test("Terraform CLI, AWS provider mirror and moto are available (REQUIRE_TERRAFORM=1 / REQUIRE_MOTO=1)", () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`\n${"!".repeat(78)}\nSKIPPING "${name}": ${message}\nSet REQUIRE_TERRAFORM=1 / REQUIRE_MOTO=1 to make this a failure.\n${"!".repeat(78)}\n`);
  describe.skip(name, body);
}

/**
 * The Datadog provider versions that can be had. Each one that cannot is a failing test under
 * REQUIRE_DATADOG_PROVIDER=1 (which .ci/run sets: the provider is built from the source in
 * shared/vendor, so a missing one is a broken machine or build, not a skip), else a banner.
 */
export function availableDatadogProviders(title: string): DatadogProvider[] {
  const all = findProofTools().datadog;
  for (const d of all.filter((x) => !x.mirror)) {
    if (process.env.REQUIRE_DATADOG_PROVIDER === "1") {
      test(`${title}: the Datadog provider ${d.version} is available (REQUIRE_DATADOG_PROVIDER=1)`, () => {
        throw new Error(`the Datadog provider ${d.version} could not be had: ${d.unavailable}`);
      });
    } else {
      skipBanner(`${title} with the Datadog provider ${d.version}`, `${d.unavailable}`, "REQUIRE_DATADOG_PROVIDER");
    }
  }
  return all.filter((d) => d.mirror);
}
