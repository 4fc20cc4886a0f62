// The IAM roles and users of a synthesized stack with the policies attached to them, read as plain JSON so the IAM checks need nothing from cdktf.
import { asList, quote } from "./policy-documents";
import type { PrincipalPolicies } from "./quotas";

type Resources = Record<string, Record<string, Record<string, any>>>;

/**
 * The IAM roles and users of a synthesized stack (cdk.tf.json, parsed) with what is
 * attached to them. Throws when a policy is only known at plan time (live permissions)
 * or an attachment cannot be traced, rather than proving less than it seems.
 */
export function principalPoliciesFromSynth(stack: { resource?: Resources }): PrincipalPolicies[] {
  const r = stack.resource ?? {};
  const of = (type: string) => r[type] ?? {};
  const literal = (value: unknown, what: string): string => {
    if (typeof value !== "string" || value.includes("${")) throw new Error(`${what} is not a literal (${quote(value)}): render the stack with pinned permissions`);
    return value;
  };
  const policies = new Map<string, { name: string; document: string }>();
  for (const [id, p] of Object.entries(of("aws_iam_policy"))) {
    if (p.count !== undefined || p.for_each !== undefined) throw new Error(`aws_iam_policy.${id} has count/for_each: its policies are only known at plan time`);
    policies.set(id, { name: literal(p.name, `aws_iam_policy.${id}.name`), document: literal(p.policy, `aws_iam_policy.${id}.policy`) });
  }
  const attached = new Set<string>();
  const principals: PrincipalPolicies[] = [];
  for (const kind of ["role", "user"] as const) {
    for (const [id, res] of Object.entries(of(`aws_iam_${kind}`))) {
      const ref = `\${aws_iam_${kind}.${id}.name}`;
      const managed: { name: string; document: string }[] = [];
      const awsManaged: string[] = [...asList(res.managed_policy_arns).map(String)];
      for (const [aid, a] of Object.entries(of(`aws_iam_${kind}_policy_attachment`))) {
        if (a[kind] !== ref) continue;
        if (a.count !== undefined || a.for_each !== undefined) throw new Error(`aws_iam_${kind}_policy_attachment.${aid} has count/for_each: attachments are only known at plan time`);
        const arn = String(a.policy_arn);
        const own = /^\$\{aws_iam_policy\.([\w-]+)\.arn\}$/.exec(arn);
        if (own) {
          const policy = policies.get(own[1]);
          if (!policy) throw new Error(`aws_iam_${kind}_policy_attachment.${aid} attaches unknown policy ${arn}`);
          managed.push(policy);
          attached.add(own[1]);
        } else if (/^arn:aws(-us-gov|-cn)?:iam::aws:policy\//.test(arn)) {
          awsManaged.push(arn);
        } else {
          throw new Error(`aws_iam_${kind}_policy_attachment.${aid} attaches ${quote(arn)}, neither this stack's policy nor an AWS managed one`);
        }
      }
      const inline: { name: string; document: string }[] = [];
      for (const b of asList(res.inline_policy) as Record<string, unknown>[]) inline.push({ name: String(b.name), document: literal(b.policy, `aws_iam_${kind}.${id}.inline_policy`) });
      for (const [pid, ip] of Object.entries(of(`aws_iam_${kind}_policy`))) {
        if (ip[kind] === ref) inline.push({ name: String(ip.name ?? pid), document: literal(ip.policy, `aws_iam_${kind}_policy.${pid}.policy`) });
      }
      const trustPolicy = kind === "role" ? jsonOfLiteralJsonencode(String(res.assume_role_policy)) : undefined;
      principals.push({
        kind,
        name: literal(res.name, `aws_iam_${kind}.${id}.name`),
        managedPolicies: managed,
        awsManagedPolicyArns: awsManaged,
        inlinePolicies: inline,
        ...(trustPolicy ? { trustPolicy } : {}),
      });
    }
  }
  const orphans = [...policies.keys()].filter((id) => !attached.has(id));
  if (orphans.length) throw new Error(`policies attached to no role or user of the stack: ${orphans.join(", ")}`);
  return principals;
}

/**
 * JSON of a synthesized policy attribute: plain JSON, or `${jsonencode({...})}` whose
 * values are all literals (cdktf renders objects holding a reference that way). Returns
 * undefined when the expression holds a reference, known only at plan time.
 */
export function jsonOfLiteralJsonencode(expression: string): string | undefined {
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(expression);
  if (!m) {
    try {
      JSON.parse(expression);
      return expression;
    } catch {
      return undefined;
    }
  }
  let out = "";
  let inString = false;
  let escaped = false;
  const body = m[1];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      else if (ch === "$" && body[i + 1] === "{") return undefined; // an interpolation
      out += ch;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === "=") {
      out += ":";
    } else if (/[A-Za-z_]/.test(ch)) {
      return undefined; // a reference or a function call
    } else {
      out += ch;
    }
  }
  try {
    return JSON.stringify(JSON.parse(out));
  } catch {
    return undefined;
  }
}
