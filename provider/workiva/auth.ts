/**
 * Workiva authentication: OAuth2 client-credentials tokens, cached and shared by every resource
 * of the process, exposed as the HttpClient `auth` hook.
 */
import { z } from "zod";
import { workivaCredentials, workivaSettings, type WorkivaSettings } from "../config";
import { ApiError, HttpClient, registerSecret, type AuthHook } from "../http";
import { configuredApiVersion, tokenApiVersion } from "./token-version";

/** Client credentials and the token endpoint they are exchanged at. */
export interface ClientCredentials {
  /** Full token endpoint URL, e.g. `https://api.app.wdesk.com/oauth2/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** `X-Version` of token requests; default: the one the token URL's path needs (token-version.ts). */
  apiVersion?: string;
}

/** Renew a token this long before it expires (shorter for very short-lived tokens: half their life). */
export const TOKEN_RENEW_MARGIN_MS = 60_000;

/** Lifetime assumed when the token endpoint does not say (`expires_in`); Workiva's is 599 s. */
export const DEFAULT_TOKEN_LIFETIME_S = 599;

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
  token_type: z.string().optional(),
});

interface CachedToken {
  header: string;
  /** Epoch ms after which `header()` fetches a new token. */
  renewAt: number;
}

/** Options of a token manager (for tests: a custom clock or HTTP client). */
export interface TokenManagerOptions {
  now?: () => number;
  http?: HttpClient;
}

/**
 * Exchanges client credentials for a bearer token (form POST `grant_type=client_credentials`,
 * `client_id`, `client_secret`, with the `X-Version` the token URL needs: token-version.ts), caches it until shortly before expiry, and makes concurrent
 * callers share one exchange (single flight). Implements the HttpClient `auth` hook.
 */
export class WorkivaTokenManager implements AuthHook {
  readonly tokenUrl: string;
  readonly clientId: string;
  /** The `X-Version` every token request of this manager sends. */
  readonly apiVersion: string;
  private clientSecret: string;
  private readonly http: HttpClient;
  private readonly now: () => number;
  private token?: CachedToken;
  private pending?: Promise<string>;
  private exchangeCount = 0;

  constructor(credentials: ClientCredentials, options: TokenManagerOptions = {}) {
    this.tokenUrl = credentials.tokenUrl;
    this.clientId = credentials.clientId;
    this.apiVersion = tokenApiVersion(credentials.tokenUrl, credentials.apiVersion);
    this.clientSecret = credentials.clientSecret;
    registerSecret(credentials.clientSecret);
    this.now = options.now ?? Date.now;
    this.http =
      options.http ?? new HttpClient({ service: "workiva", baseUrl: new URL(credentials.tokenUrl).origin });
  }

  /** How many token exchanges this manager has started. */
  get exchanges(): number {
    return this.exchangeCount;
  }

  /** `Bearer <token>`: the cached token while fresh, else the result of one shared exchange. */
  async header(): Promise<string> {
    if (this.token && this.now() < this.token.renewAt) return this.token.header;
    if (!this.pending) {
      this.pending = this.exchange().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  /**
   * Drops the cached token so that the next `header()` exchanges again. With `rejectedHeader`,
   * only when that is still the cached one: many calls failing with the same old token cause a
   * single renewal.
   */
  invalidate(rejectedHeader?: string): void {
    if (rejectedHeader === undefined || this.token?.header === rejectedHeader) this.token = undefined;
  }

  /** Replaces the client secret (rotated configuration); drops the cached token if it changed. */
  updateSecret(clientSecret: string): void {
    if (clientSecret === this.clientSecret) return;
    registerSecret(clientSecret);
    this.clientSecret = clientSecret;
    this.token = undefined;
  }

  private async exchange(): Promise<string> {
    this.exchangeCount += 1;
    const requestedAt = this.now();
    const url = new URL(this.tokenUrl);
    const res = await this.http.request<unknown>({
      method: "POST",
      path: url.pathname + url.search,
      headers: { "X-Version": this.apiVersion },
      form: { grant_type: "client_credentials", client_id: this.clientId, client_secret: this.clientSecret },
      idempotent: true,
    });
    const parsed = tokenAnswer.safeParse(res.data);
    if (!parsed.success) {
      throw new ApiError({
        service: "workiva",
        method: "POST",
        path: url.pathname,
        status: res.status,
        kind: "malformed",
        apiMessage: "the token endpoint answered without an access_token",
        ambiguous: false,
        retryable: false,
      });
    }
    const { access_token: token, expires_in: expiresIn } = parsed.data;
    registerSecret(token);
    const lifetimeMs = (expiresIn ?? DEFAULT_TOKEN_LIFETIME_S) * 1000;
    const margin = Math.min(TOKEN_RENEW_MARGIN_MS, lifetimeMs / 2);
    const header = `Bearer ${token}`;
    this.token = { header, renewAt: requestedAt + lifetimeMs - margin };
    return header;
  }
}

/** An auth hook for a ready access token (no renewal possible). */
export class StaticTokenAuth implements AuthHook {
  private readonly value: string;

  constructor(accessToken: string) {
    registerSecret(accessToken);
    this.value = `Bearer ${accessToken}`;
  }

  /** `Bearer <token>`. */
  async header(): Promise<string> {
    return this.value;
  }

  /** Nothing to renew: a rejected ready token surfaces as the 401 ApiError. */
  invalidate(): void {}
}

const managers = new Map<string, WorkivaTokenManager>();
const staticAuths = new Map<string, StaticTokenAuth>();

/** The process-wide hook for a ready token: one per token, so sessions and their caches are shared. */
function staticTokenAuth(accessToken: string): StaticTokenAuth {
  let auth = staticAuths.get(accessToken);
  if (!auth) {
    auth = new StaticTokenAuth(accessToken);
    staticAuths.set(accessToken, auth);
  }
  return auth;
}

/**
 * The process-wide token manager for (tokenUrl, clientId): every resource of a `pulumi up`
 * shares it, so they share one token and one exchange.
 */
export function workivaTokenManager(credentials: ClientCredentials): WorkivaTokenManager {
  const key = `${credentials.tokenUrl}\n${credentials.clientId}\n${credentials.apiVersion ?? ""}`;
  let manager = managers.get(key);
  if (!manager) {
    manager = new WorkivaTokenManager(credentials);
    managers.set(key, manager);
  } else {
    manager.updateSecret(credentials.clientSecret);
  }
  return manager;
}

/** Forgets every cached token manager (and ready-token hook). For tests. */
export function resetWorkivaTokenManagers(): void {
  managers.clear();
  staticAuths.clear();
}

/**
 * The auth hook for Workiva calls from the resolved settings (default: `workivaSettings()`):
 * client credentials when both are configured (shared token manager), else a ready access
 * token. Throws ConfigError naming the config keys and variables when neither is configured.
 */
export function workivaAuth(settings: WorkivaSettings = workivaSettings()): AuthHook {
  const credentials = workivaCredentials(settings);
  if (credentials.kind === "token") return staticTokenAuth(credentials.accessToken);
  const { clientId, clientSecret } = credentials;
  const apiVersion = configuredApiVersion();
  return workivaTokenManager(
    apiVersion === undefined
      ? { tokenUrl: settings.tokenUrl, clientId, clientSecret }
      : { tokenUrl: settings.tokenUrl, clientId, clientSecret, apiVersion },
  );
}
