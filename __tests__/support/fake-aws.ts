// A fake AWS endpoint on 127.0.0.1 answering STS GetCallerIdentity/AssumeRole and an import's IAM reads, so offline plans keep the provider's account guard.
/**
 * The stacks' AWS provider keeps its `allowed_account_ids` guard. The guard needs the
 * caller's account ID, and with `skip_requesting_account_id` the provider fails closed
 * ("AWS account ID not allowed: " with an empty ID). So instead of skipping the lookup,
 * every offline plan gets this endpoint, which answers STS GetCallerIdentity with the
 * stack's own account (or, to test the guard, another one), STS AssumeRole for stacks
 * that deploy through a role, and the IAM reads of an import.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRole {
  readonly name: string;
  /** Trust policy JSON, as IAM stores it. */
  readonly assumeRolePolicy: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly path?: string;
  readonly attachedPolicyArns?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface FakeUser {
  readonly name: string;
  readonly path?: string;
  readonly attachedPolicyArns?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

/** The caller one access key stands for, and what its account holds. */
export interface FakeIdentity {
  readonly accountId: string;
  readonly partition: string;
  /** What GetCallerIdentity reports as the caller. @default an IAM user in the account */
  readonly callerArn?: string;
  readonly roles?: readonly FakeRole[];
  readonly users?: readonly FakeUser[];
}

export interface FakeAwsRequest {
  readonly accessKeyId: string;
  readonly service: string;
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  /** False when the fake answered InvalidAction (a call the fake does not know). */
  readonly handled: boolean;
}

/** The secret of every stand-in access key the fake hands out. */
export const STAND_IN_SECRET = "stand-in-secret-for-offline-tests";
const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const tagsXml = (tags: Readonly<Record<string, string>> = {}) =>
  `<Tags>${Object.entries(tags)
    .map(([k, v]) => `<member><Key>${xml(k)}</Key><Value>${xml(v)}</Value></member>`)
    .join("")}</Tags>`;

/**
 * AWS query-protocol endpoint on 127.0.0.1 (random port). Callers are told apart by the
 * access key ID in the SigV4 Authorization header, so one server can play several accounts.
 */
export class FakeAws {
  readonly requests: FakeAwsRequest[] = [];
  private readonly identities = new Map<string, FakeIdentity>();
  /** Temporary keys from AssumeRole, by the key that assumed the role. */
  private readonly parentKey = new Map<string, string>();
  private nextKey = 1;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly host: string,
  ) {}

  static async start(): Promise<FakeAws> {
    let fake: FakeAws | undefined;
    const server = createServer((req, res) => fake!.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const address = server.address() as AddressInfo;
    fake = new FakeAws(server, `http://127.0.0.1:${address.port}`, address.address);
    return fake;
  }

  /** Stand-in credentials that make this server answer as `identity`. */
  register(identity: FakeIdentity): { accessKeyId: string; secretAccessKey: string } {
    // Fake key IDs in AWS's shape; AKIAIOSFODNN7EXAMPLE-like, never a real key.
    const accessKeyId = `AKIATESTFAKE${String(this.nextKey++).padStart(8, "0")}`;
    this.identities.set(accessKeyId, identity);
    return { accessKeyId, secretAccessKey: STAND_IN_SECRET };
  }

  /** Requests made with these credentials or with role credentials assumed through them. */
  requestsOf(accessKeyId: string): FakeAwsRequest[] {
    const rootOf = (key: string): string => (this.parentKey.has(key) ? rootOf(this.parentKey.get(key)!) : key);
    return this.requests.filter((r) => rootOf(r.accessKeyId) === accessKeyId);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (body += d));
    req.on("end", () => {
      // SigV4: "Credential=<key id>/<date>/<region>/<service>/aws4_request"
      const credential = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? "");
      const accessKeyId = credential?.[1] ?? "";
      const service = credential?.[2] ?? "";
      const params = Object.fromEntries(new URLSearchParams(body));
      const action = params.Action ?? "";
      const identity = this.identities.get(accessKeyId);
      const answer = identity ? this.answer(service, action, params, identity, accessKeyId) : undefined;
      this.requests.push({ accessKeyId, service, action, params, handled: answer !== undefined });
      if (!identity) return this.error(res, 403, service, "InvalidClientTokenId", "The security token included in the request is invalid.");
      if (!answer) return this.error(res, 400, service, "InvalidAction", `The offline test endpoint does not fake ${service} ${action}`);
      res.writeHead(answer.status, { "Content-Type": "text/xml" });
      res.end(answer.body);
    });
  }

  private error(res: ServerResponse, status: number, service: string, code: string, message: string): void {
    res.writeHead(status, { "Content-Type": "text/xml" });
    res.end(
      `<ErrorResponse xmlns="${service === "sts" ? STS_NS : IAM_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
    );
  }

  private answer(service: string, action: string, params: Record<string, string>, id: FakeIdentity, accessKeyId: string): { status: number; body: string } | undefined {
    const ok = (ns: string, result: string) => ({
      status: 200,
      body: `<${action}Response xmlns="${ns}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata></${action}Response>`,
    });
    const noSuchEntity = (what: string) => ({
      status: 404,
      body: `<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>${xml(what)} cannot be found.</Message></Error><RequestId>00000000-0000-0000-0000-000000000002</RequestId></ErrorResponse>`,
    });
    const attached = (arns: readonly string[] = []) =>
      `<AttachedPolicies>${arns.map((a) => `<member><PolicyName>${xml(a.split("/").pop()!)}</PolicyName><PolicyArn>${xml(a)}</PolicyArn></member>`).join("")}</AttachedPolicies><IsTruncated>false</IsTruncated>`;
    const arn = (kind: string, p = "/", name: string) => `arn:${id.partition}:iam::${id.accountId}:${kind}${p}${name}`;

    if (service === "sts" && action === "GetCallerIdentity") {
      return ok(STS_NS, `<Arn>${xml(id.callerArn ?? arn("user", "/", "offline-test"))}</Arn><UserId>AIDATESTFAKE00000000</UserId><Account>${id.accountId}</Account>`);
    }
    if (service === "sts" && action === "AssumeRole") {
      // Temporary credentials that act in the role's account (what the provider's
      // assume_role does before GetCallerIdentity and the allowed_account_ids check).
      const role = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(params.RoleArn ?? "");
      if (!role)
        return {
          status: 400,
          body: `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>invalid RoleArn</Message></Error><RequestId>0</RequestId></ErrorResponse>`,
        };
      const session = params.RoleSessionName ?? "session";
      const assumedArn = `arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/${session}`;
      const temp = this.register({ ...id, accountId: role[2], callerArn: assumedArn });
      this.parentKey.set(temp.accessKeyId, accessKeyId);
      return ok(
        STS_NS,
        `<Credentials><AccessKeyId>${temp.accessKeyId}</AccessKeyId><SecretAccessKey>${temp.secretAccessKey}</SecretAccessKey><SessionToken>stand-in-session-token</SessionToken>` +
          `<Expiration>${new Date(Date.now() + 3_600_000).toISOString()}</Expiration></Credentials>` +
          `<AssumedRoleUser><AssumedRoleId>AROATESTFAKE00000000:${xml(session)}</AssumedRoleId><Arn>${xml(assumedArn)}</Arn></AssumedRoleUser>`,
      );
    }
    if (service !== "iam") return undefined;
    const role = id.roles?.find((r) => r.name === params.RoleName);
    const user = id.users?.find((u) => u.name === params.UserName);
    switch (action) {
      case "GetRole":
        if (!role) return noSuchEntity(`The role with name ${params.RoleName}`);
        return ok(
          IAM_NS,
          // IAM returns the trust policy URL-encoded; the provider decodes it.
          `<Role><Path>${xml(role.path ?? "/")}</Path><AssumeRolePolicyDocument>${encodeURIComponent(role.assumeRolePolicy)}</AssumeRolePolicyDocument>` +
            `<MaxSessionDuration>${role.maxSessionDuration ?? 3600}</MaxSessionDuration><RoleId>AROATESTFAKE00000000</RoleId><RoleName>${xml(role.name)}</RoleName>` +
            `<Arn>${arn("role", role.path, role.name)}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>` +
            `${role.description !== undefined ? `<Description>${xml(role.description)}</Description>` : ""}${tagsXml(role.tags)}<RoleLastUsed/></Role>`,
        );
      case "ListRolePolicies":
        return role ? ok(IAM_NS, "<PolicyNames/><IsTruncated>false</IsTruncated>") : noSuchEntity(`The role with name ${params.RoleName}`);
      case "ListAttachedRolePolicies":
        return role ? ok(IAM_NS, attached(role.attachedPolicyArns)) : noSuchEntity(`The role with name ${params.RoleName}`);
      case "ListRoleTags":
        return role ? ok(IAM_NS, `${tagsXml(role.tags)}<IsTruncated>false</IsTruncated>`) : noSuchEntity(`The role with name ${params.RoleName}`);
      case "GetUser":
        if (!user) return noSuchEntity(`The user with name ${params.UserName}`);
        return ok(
          IAM_NS,
          `<User><Path>${xml(user.path ?? "/")}</Path><UserName>${xml(user.name)}</UserName><UserId>AIDATESTFAKE00000001</UserId>` +
            `<Arn>${arn("user", user.path, user.name)}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>${tagsXml(user.tags)}</User>`,
        );
      case "ListUserTags":
        return user ? ok(IAM_NS, `${tagsXml(user.tags)}<IsTruncated>false</IsTruncated>`) : noSuchEntity(`The user with name ${params.UserName}`);
      case "ListUserPolicies":
        return user ? ok(IAM_NS, "<PolicyNames/><IsTruncated>false</IsTruncated>") : noSuchEntity(`The user with name ${params.UserName}`);
      case "ListAttachedUserPolicies":
        return user ? ok(IAM_NS, attached(user.attachedPolicyArns)) : noSuchEntity(`The user with name ${params.UserName}`);
      default:
        return undefined;
    }
  }
}
