// Finds the Terraform CLI and the AWS provider mirror the proofs run with, and says what is missing and how to get it.
import { accessSync, constants, existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { readToolsJson } from "./tools-cache";
import { terraformPlatform } from "./terraform-providers";

export interface TerraformTools {
  readonly terraform: string;
  readonly mirror: string;
}

const DEFAULT_MIRROR = "/opt/tf-plugins";
const AWS_IN_MIRROR = "registry.terraform.io/hashicorp/aws";

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

let toolsCache: { tools?: TerraformTools; missing: string[] } | undefined;

/**
 * Looks for terraform (TERRAFORM_BIN, PATH, or the one provision.sh built) and the AWS
 * provider mirror (TF_PROVIDER_MIRROR or /opt/tf-plugins).
 */
export function findTerraformTools(): { tools?: TerraformTools; missing: string[] } {
  if (toolsCache) return toolsCache;
  const missing: string[] = [];

  let terraform: string | undefined;
  if (process.env.TERRAFORM_BIN) {
    terraform = process.env.TERRAFORM_BIN;
    if (!isExecutable(terraform)) missing.push(`TERRAFORM_BIN=${terraform} is not an executable file; point it at a Terraform CLI (1.5 or newer)`);
  } else {
    const built = readToolsJson()?.terraform?.path;
    terraform =
      (process.env.PATH ?? "")
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, "terraform"))
        .find(isExecutable) ?? (built && isExecutable(built) ? built : undefined);
    if (!terraform) {
      const why = readToolsJson()?.terraform?.error;
      missing.push(
        `no \`terraform\` on PATH${why ? ` and provision.sh could not build it (${why})` : ""}; install Terraform (1.5 or newer), set TERRAFORM_BIN to its path, or run \`bash scripts/test-tools/provision.sh\``,
      );
    }
  }

  const mirror = process.env.TF_PROVIDER_MIRROR ?? DEFAULT_MIRROR;
  const awsDir = path.join(mirror, AWS_IN_MIRROR);
  const platform = terraformPlatform();
  const versions = existsSync(awsDir) ? readdirSync(awsDir).filter((v) => existsSync(path.join(awsDir, v, platform))) : [];
  if (versions.length === 0) {
    missing.push(
      `no hashicorp/aws provider for ${platform} in the filesystem mirror ${mirror} (expected ${AWS_IN_MIRROR}/<version>/${platform}/); ` +
        `create one with \`terraform providers mirror <dir>\` on a machine with network (unpacked layout), and set TF_PROVIDER_MIRROR=<dir>`,
    );
  }

  toolsCache = missing.length === 0 ? { tools: { terraform: terraform!, mirror }, missing } : { missing };
  return toolsCache;
}

/** The tools, or an Error listing what is missing. */
export function requireTools(): TerraformTools {
  const { tools, missing } = findTerraformTools();
  if (!tools) throw new Error(`Terraform tests cannot run:\n- ${missing.join("\n- ")}`);
  return tools;
}
