/**
 * Field rules with messages that say what was given, what is allowed and how to fix it.
 *
 * Shared by the config file and the construct, so a value is judged the same way
 * wherever it comes from. Every rule accepts unresolved cdktf tokens: a value that is
 * only known at plan time (an account ID read from a data source, say) cannot be
 * checked at synth time, and Terraform or AWS will judge it then.
 */
import { Token } from "cdktf";
import { IAM_NAME_PATTERN, IAM_QUOTAS } from "../../facts/iam-quotas";
import { REGION_PATTERN } from "../../facts/partitions";
import type { ErrorCode } from "../../errors";
import { quote } from "../json-value";

/** Returns a message when the value breaks the rule, else undefined. */
export type Rule = (value: string) => string | undefined;

export interface StringRule {
  /** The code of a value that breaks the rule (lib/errors.ts). */
  readonly code: ErrorCode;
  /** Pattern for the JSON Schema, so editors flag the value too. */
  readonly pattern?: RegExp;
  readonly maxLength?: number;
  readonly check: Rule;
}

/** A value only known at plan time (a cdktf token), which synth-time rules must let through. */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

export const awsAccountIdRule: StringRule = {
  code: "value/aws-account-id",
  pattern: /^\d{12}$/,
  check(value) {
    if (/^\d{12}$/.test(value)) return undefined;
    const digits = value.replace(/[\s-]/g, "");
    if (/^\d{12}$/.test(digits)) {
      return `${quote(value)} has dashes or spaces; write the 12 digits without them: ${quote(digits)}`;
    }
    if (/^\d+$/.test(value)) {
      return `${quote(value)} has ${value.length} digit${value.length === 1 ? "" : "s"}; an AWS account ID has exactly 12 (keep leading zeros and write it as a string, not a number)`;
    }
    return `${quote(value)} is not an AWS account ID; use the 12 digits shown in the AWS console's account menu, e.g. "123456789012"`;
  },
};

export function iamNameRule(kind: "role" | "user"): StringRule {
  return {
    pattern: IAM_NAME_PATTERN,
    code: "value/iam-name",
    maxLength: IAM_QUOTAS.principalNameMaxLength,
    check(value) {
      if (value.length === 0) return `the IAM ${kind} name is empty; give a name such as "DatadogIntegration${kind === "role" ? "Role" : "User"}"`;
      if (value.length > IAM_QUOTAS.principalNameMaxLength) {
        return `${quote(value)} is ${value.length} characters; IAM ${kind} names are at most ${IAM_QUOTAS.principalNameMaxLength}, shorten it`;
      }
      const bad = [...new Set(value.replace(/[\w+=,.@-]/g, ""))];
      if (bad.length > 0) {
        return `${quote(value)} contains ${bad.map(quote).join(", ")}; IAM ${kind} names allow only letters, digits and + = , . @ _ -`;
      }
      return undefined;
    },
  };
}

export const regionRule: StringRule = {
  code: "value/region",
  pattern: REGION_PATTERN,
  check(value) {
    if (REGION_PATTERN.test(value)) return undefined;
    const lower = value.trim().toLowerCase();
    const hint = REGION_PATTERN.test(lower) ? `write it in lower case without spaces: ${quote(lower)}` : `use a region code such as "us-east-1", "eu-west-1", "us-gov-west-1" or "cn-north-1"`;
    return `${quote(value)} is not an AWS region code; ${hint}`;
  },
};

/**
 * Datadog tags: start with a letter, at most 200 characters, letters, digits and
 * `_ - : . /` (Datadog docs, "Getting started with tags"). Datadog would silently
 * rewrite anything else; we refuse it so the tag you read is the tag you get.
 */
export const datadogTagRule: StringRule = {
  code: "value/datadog-tag",
  pattern: /^[A-Za-z][\w\-:./]*$/,
  maxLength: 200,
  check(value) {
    if (value.length > 200) return `${quote(value)} is ${value.length} characters; Datadog tags are at most 200`;
    if (!/^[A-Za-z]/.test(value)) return `${quote(value)} must start with a letter; write tags as "key:value", e.g. "env:prod"`;
    const bad = [...new Set(value.replace(/[\w\-:./]/g, ""))];
    if (bad.length > 0) {
      return `${quote(value)} contains ${bad.map(quote).join(", ")}; Datadog tags allow letters, digits and _ - : . / (write "key:value", e.g. "team:platform")`;
    }
    return undefined;
  },
};

/**
 * AWS tag filters ("to hosts with tag", "to Lambdas with tag"): `key:value`, where
 * `*` and `?` are wildcards and a leading `!` excludes (Datadog AWS integration docs).
 */
export const awsTagFilterRule: StringRule = {
  code: "value/aws-tag-filter",
  pattern: /^!?[^\s:][^:]*:.+$/,
  check(value) {
    if (/^!?[^\s:][^:]*:.+$/.test(value)) return undefined;
    return `${quote(value)} is not an AWS tag filter; write "key:value" (wildcards * and ? allowed, a leading ! excludes), e.g. "datadog:monitored"`;
  },
};

/**
 * A name from one of Datadog's lists (CloudWatch namespaces, log sources): the shape only.
 * Whether Datadog knows the name is checked against the pinned list together with the
 * names the environment declares newer than that list (schema.ts, checkIntegration).
 */
export const listedNameRule: StringRule = {
  code: "value/listed-name",
  check(value) {
    if (value.trim() === "") return "is empty; give a name from Datadog's list or remove it";
    if (value.trim() !== value) return `${quote(value)} has spaces at its start or end; write ${quote(value.trim())}`;
    return undefined;
  },
};

/** ARN of a Lambda function, in any partition (the partition is checked separately). */
export const LAMBDA_ARN_PATTERN = /^arn:(aws|aws-us-gov|aws-cn):lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;

export const lambdaArnRule: StringRule = {
  code: "value/lambda-arn",
  pattern: LAMBDA_ARN_PATTERN,
  check(value) {
    if (LAMBDA_ARN_PATTERN.test(value)) return undefined;
    return `${quote(value)} is not a Lambda function ARN; give the Datadog Forwarder's full ARN, e.g. "arn:aws:lambda:us-east-1:123456789012:function:DatadogForwarder"`;
  },
};

/** AWS's rule for `sts:ExternalId` values: 2 to 1,224 characters of `[\w+=,.@:/-]`. */
export const externalIdRule: StringRule = {
  code: "value/external-id",
  pattern: /^[\w+=,.@:/-]{2,1224}$/,
  check(value) {
    if (/^[\w+=,.@:/-]{2,1224}$/.test(value)) return undefined;
    return `${quote(value)} is not a valid External ID (2 to 1,224 characters of letters, digits and + = , . @ : / _ -); copy it exactly from the Datadog AWS integration tile`;
  },
};

export const IAM_ROLE_ARN_PATTERN = /^arn:(aws|aws-us-gov|aws-cn):iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

export const iamRoleArnRule: StringRule = {
  code: "value/iam-role-arn",
  pattern: IAM_ROLE_ARN_PATTERN,
  check(value) {
    if (IAM_ROLE_ARN_PATTERN.test(value)) return undefined;
    return `${quote(value)} is not an IAM role ARN; write "arn:<partition>:iam::<account id>:role/<name>", e.g. "arn:aws:iam::123456789012:role/TerraformDeploy"`;
  },
};

/** A KMS key as S3 takes it for state encryption: key or alias ARN, `alias/<name>`, or a key ID. */
export const KMS_KEY_PATTERN =
  /^(arn:(aws|aws-us-gov|aws-cn):kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[\w/+=,.@-]+)|alias\/[\w/+=,.@-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const kmsKeyRule: StringRule = {
  code: "value/kms-key",
  pattern: KMS_KEY_PATTERN,
  check(value) {
    if (KMS_KEY_PATTERN.test(value)) return undefined;
    return `${quote(value)} is not a KMS key S3 can use; give its ARN ("arn:aws:kms:us-east-1:123456789012:key/<key id>"), an alias ("alias/terraform-state") or the key ID`;
  },
};

/** Datadog's AWS account config ID (what `terraform import` takes): a UUID. */
export const datadogConfigIdRule: StringRule = {
  code: "value/datadog-config-id",
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  check(value) {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) return undefined;
    const hint = /^\d{12}$/.test(value) ? "that is an AWS account ID, but Datadog imports by its own config ID" : "it must be a lower-case UUID";
    return `${quote(value)} is not a Datadog AWS account config ID (${hint}); find it with GET /api/v2/integration/aws/accounts?aws_account_id=<account id> (field data[].id), see docs/operations.md, "Adopt an integration made by hand"`;
  },
};

/**
 * Names of environment variables the Terraform run reads a Datadog key from.
 * Terraform reads only its provider's own variables (`DD_API_KEY`, `DD_APP_KEY`) and
 * input variables passed as `TF_VAR_<name>`.
 */
export function keyEnvRule(standard: string): StringRule {
  const pattern = new RegExp(`^(${standard}|TF_VAR_[A-Za-z_][A-Za-z0-9_]*)$`);
  return {
    pattern,
    code: "value/key-variable",
    check(value) {
      if (pattern.test(value)) return undefined;
      // Never echo what may be the key itself: a pasted key must not end up in CI logs.
      if (/^[0-9a-f]{32,40}$/i.test(value) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
        return `is not the name of an environment variable (it may be the key itself, so it is not repeated here); export the key as ${standard} or TF_VAR_<name> and write that name here`;
      }
      const name = value;
      return `${quote(value)} cannot be read by Terraform: use "${standard}" (read by the Datadog provider itself) or a name starting with TF_VAR_, e.g. "TF_VAR_${name.replace(/^TF_VAR_/, "").toLowerCase()}", which Terraform passes in as a sensitive input variable`;
    },
  };
}

export const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/** The code of an environment name that cannot be a stack name. */
export const STACK_NAME_CODE: ErrorCode = "config/stack-name";

export function stackNameProblem(name: string): string | undefined {
  if (STACK_NAME_PATTERN.test(name)) return undefined;
  return `environment name ${quote(name)} cannot be a stack name (it becomes a folder, a state key and the argument of "cdktf deploy"); use a letter followed by up to 62 letters, digits, "-" or "_", e.g. "prod" or "eu-staging"`;
}

/** An OU ID ("ou-" root part "-" 8 to 32 more) or a root ID ("r-" 4 to 32), as AWS Organizations writes them. */
export const ORGANIZATION_PARENT_ID_PATTERN = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;

export const organizationParentIdRule: StringRule = {
  code: "value/organization-parent-id",
  pattern: ORGANIZATION_PARENT_ID_PATTERN,
  check(value) {
    if (ORGANIZATION_PARENT_ID_PATTERN.test(value)) return undefined;
    const fix = `give an OU ID ("ou-" followed by 4 to 32 letters or digits, "-", and 8 to 32 more, e.g. "ou-ab12-cd34ef56") or the root ID (e.g. "r-ab12"), as the AWS Organizations console or \`aws organizations list-roots\` shows them`;
    const trimmed = value.trim().toLowerCase();
    if (ORGANIZATION_PARENT_ID_PATTERN.test(trimmed)) return `${quote(value)} must be written in lower case without spaces: ${quote(trimmed)}`;
    const fromArn = /^arn:[\w-]+:organizations::\d{12}:(?:ou|root)\/o-[0-9a-z]+\/((?:ou|r)-[0-9a-z-]+)$/.exec(value)?.[1];
    if (fromArn && ORGANIZATION_PARENT_ID_PATTERN.test(fromArn)) return `${quote(value)} is an ARN; give the ID alone: ${quote(fromArn)}`;
    if (/^\d{12}$/.test(value)) return `${quote(value)} is an account ID; ouIds takes OU IDs ("ou-ab12-cd34ef56") and the root ID ("r-ab12"); to leave accounts out, list them in excludeAccountIds`;
    if (/^o-[0-9a-z]+$/.test(value)) return `${quote(value)} is the organization's ID; to take every account, leave ouIds out, or give the root ID (e.g. "r-ab12")`;
    return `${quote(value)} is not an OU ID; ${fix}`;
  },
};
