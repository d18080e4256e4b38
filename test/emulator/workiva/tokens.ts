/** Issued OAuth access tokens: who they belong to and until when they are valid. */
import { randomBytes } from "node:crypto";
import { EMULATOR_WORKSPACE_ID } from "./decisions";

/** What a valid token grants. */
export interface TokenGrant {
  clientId: string;
  workspaceId: string;
  scope: string;
  expiresAtMs: number;
}

/** In-memory token store with a lifetime per token and a count of exchanges. */
export class TokenStore {
  private readonly grants = new Map<string, TokenGrant>();
  private issuedCount = 0;

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  /** Issue a new token for a client; counts as one exchange. */
  issue(clientId: string, scope: string): { accessToken: string; expiresIn: number } {
    const accessToken = randomBytes(24).toString("hex");
    this.grants.set(accessToken, {
      clientId,
      workspaceId: EMULATOR_WORKSPACE_ID,
      scope,
      expiresAtMs: this.now() + this.ttlSeconds * 1000,
    });
    this.issuedCount += 1;
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /** The grant of a token that is known and not expired, else undefined. */
  validate(accessToken: string): TokenGrant | undefined {
    const grant = this.grants.get(accessToken);
    if (!grant || this.now() >= grant.expiresAtMs) return undefined;
    return grant;
  }

  /** Number of tokens issued since construction or the last `clear`. */
  issued(): number {
    return this.issuedCount;
  }

  /** Make every token issued so far invalid (the count is kept). */
  expireAll(): void {
    this.grants.clear();
  }

  /** Forget every token and reset the count. */
  clear(): void {
    this.grants.clear();
    this.issuedCount = 0;
  }
}
