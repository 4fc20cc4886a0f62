// A local AWS Organizations (moto without managed IAM policies) for one test file, so discovery runs against real API semantics.
/**
 * A local AWS Organizations for one test file: moto's server (support/moto_server.py) on
 * 127.0.0.1, stopped by `close()` or, at the latest, when the Jest worker exits.
 *
 * Unlike support/moto-server.ts it starts moto without AWS's managed IAM policies: moto's
 * CreateAccount makes an IAM backend for every new account (for its
 * OrganizationAccountAccessRole), and loading the managed policies into each one costs
 * about a second per account (60 accounts: 64 s, against 0.2 s without; measured with
 * moto 5.2.5). The organization tests need no managed policy.
 *
 * moto decides the account of a request from its access key (a key made by IAM's
 * CreateAccessKey belongs to the account it was made in), and the management account of
 * an organization is the one that created it.
 */
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { AwsCredentials, MotoServer } from "./moto-server";

export type { AwsCredentials } from "./moto-server";

export class OrganizationsMoto {
  private readonly clients: { destroy(): void }[] = [];

  private constructor(private readonly moto: MotoServer) {}

  static async start(python: string): Promise<OrganizationsMoto> {
    return new OrganizationsMoto(await MotoServer.start(python, { env: { MOTO_IAM_LOAD_MANAGED_POLICIES: "false" } }));
  }

  get url(): string {
    return this.moto.url;
  }

  /** An Organizations client acting with `credentials` (closed with the server). */
  organizations(credentials: AwsCredentials): OrganizationsClient {
    const client = new OrganizationsClient({ endpoint: this.url, region: "us-east-1", credentials, maxAttempts: 1 });
    this.clients.push(client);
    return client;
  }

  /** Credentials of a new IAM user in `accountId`: moto answers their requests as that account. */
  credentialsFor(accountId: string): Promise<AwsCredentials> {
    return this.moto.credentialsFor(accountId);
  }

  /**
   * Turns IAM authorization of every request on (moto's `/moto-api/reset-auth` with 0
   * requests left unauthorized) or off again: with it on, a user without a policy is
   * refused as AWS refuses it.
   */
  async enforceIam(on: boolean): Promise<void> {
    const response = await fetch(`${this.url}/moto-api/reset-auth`, { method: "POST", body: on ? "0" : "inf" });
    if (!response.ok) throw new Error(`moto refused reset-auth: ${response.status} ${await response.text()}`);
  }

  close(): Promise<void> {
    for (const c of this.clients.splice(0)) c.destroy();
    return this.moto.close();
  }
}
