import { STATUS_CODES } from "node:http";
import { ApiError, type ApiErrorInit, type FailureKind } from "./errors";
import { oneLine, parseErrorBody } from "./error-body";
import { logAttempt } from "./log";
import { sharedRateLimiter, type RateLimit, type RateLimiter } from "./rate-limiter";
import { redact } from "./redact";
import {
  isAmbiguous,
  isNeverConnectedCode,
  isReplayable,
  isRetryable,
  parseRetryAfter,
  retryDelay,
  type RetrySettings,
} from "./retry-policy";
import type { HttpMethod, ServiceName } from "./service";
import { resolveRetrySettings, resolveTimingSettings, type TimingSettings } from "./settings";
import { sendOnce, WireFailure, type WireResponse } from "./transport";

/** p-retry, loaded at the first request (a `preview` or a no-op `up` sends none). */
const retrying = (): typeof import("p-retry") => require("p-retry");

/**
 * Supplies the Authorization header of every request. On a 401 the client calls
 * `invalidate(rejectedHeader)`, asks `header()` again and retries once.
 */
export interface AuthHook {
  /** The full header value, e.g. `Bearer abc`. */
  header(): Promise<string>;
  /** Forget the credential; `rejectedHeader` is the value the server refused (ignore if already replaced). */
  invalidate(rejectedHeader?: string): void;
}

/** Options of an HttpClient. */
export interface HttpClientOptions {
  service: ServiceName;
  /** Base URL; request paths are appended to it (e.g. `https://h.app.wdesk.com/s/wdata/prep`). */
  baseUrl: string;
  auth?: AuthHook;
  /** Retry settings; defaults in DEFAULT_RETRY (5 attempts), overridable by `DATASYNC_HTTP_*`. */
  retry?: Partial<RetrySettings>;
  /** Timeout of one attempt; default 30 s. */
  timeoutMs?: number;
  /** Deadline of a whole `request()` call including retries and queueing; default 5 min. */
  deadlineMs?: number;
  /**
   * Limit of the process-wide limiter shared by every client of this service and host;
   * default DEFAULT_RATE_LIMITS (PostHog 480/min, Workiva 50/s); `null` = unlimited.
   */
  rateLimit?: RateLimit | null;
  /** Headers sent with every request (never put credentials here: use `auth`). */
  headers?: Record<string, string>;
}

/** A query parameter value; arrays repeat the key, null/undefined are left out. */
export type QueryValue =
  string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>;

/** One API call. */
export interface HttpRequest {
  method: HttpMethod;
  /** Path relative to the base URL, starting with `/`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** JSON body. */
  body?: unknown;
  /** Form body (`application/x-www-form-urlencoded`); wins over `body`. */
  form?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Mark a POST as safe to replay (e.g. a token exchange or a read-only action). */
  idempotent?: boolean;
}

/** A successful (2xx) answer with its JSON body parsed (`undefined` when empty). */
export interface HttpResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

const USER_AGENT = `pulumi-datasync (node ${process.versions.node})`;

/** The state of one `request()` call shared by its attempts. */
interface CallContext {
  method: HttpMethod;
  path: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  idempotent: boolean;
  userSignal?: AbortSignal;
  deadline: AbortController;
  /** Aborts when the deadline passes or the caller aborts. */
  overall: AbortSignal;
  deadlineAt: number;
  attempts: number;
  /** Set once the auth hook was invalidated after a 401 (it happens at most once per call). */
  reauthorized: boolean;
}

/**
 * The one HTTP client both API clients use: retries (p-retry) with backoff and Retry-After,
 * a process-wide rate limiter per service and host, per-attempt timeout and overall deadline,
 * 401 re-authentication, and errors normalised into ApiError.
 */
export class HttpClient {
  readonly service: ServiceName;
  readonly baseUrl: string;
  private readonly auth?: AuthHook;
  private readonly retry: RetrySettings;
  private readonly timing: TimingSettings;
  private readonly limiter: RateLimiter;
  private readonly defaultHeaders: Record<string, string>;

  constructor(options: HttpClientOptions) {
    const base = new URL(options.baseUrl);
    this.service = options.service;
    this.baseUrl = base.toString().replace(/\/+$/, "");
    this.auth = options.auth;
    this.retry = resolveRetrySettings(options.retry);
    this.timing = resolveTimingSettings({ timeoutMs: options.timeoutMs, deadlineMs: options.deadlineMs });
    this.limiter = sharedRateLimiter(options.service, base.origin, options.rateLimit);
    this.defaultHeaders = {
      accept: "application/json",
      "user-agent": USER_AGENT,
      ...lowerKeys(options.headers),
    };
  }

  /**
   * Sends `req`, retrying as the policy allows, and resolves with the 2xx answer.
   * @throws ApiError for a non-2xx answer, a network failure, a timeout, the deadline, an abort
   *   or a malformed 2xx body. Never throws an axios error.
   */
  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const ctx = this.context(req);
    const timer = setTimeout(() => ctx.deadline.abort(), this.timing.deadlineMs);
    timer.unref();
    try {
      return await retrying().default(() => this.attempt<T>(ctx), {
        retries: this.retry.attempts - 1,
        minTimeout: 0,
        maxTimeout: 0,
        randomize: false,
        shouldRetry: ({ error, retriesConsumed }) => this.waitBeforeRetry(ctx, error, retriesConsumed + 1),
      });
    } catch (err) {
      const apiError = err instanceof ApiError ? err : this.internalError(ctx, err);
      throw ctx.attempts > 1 ? apiError.withAttempts(ctx.attempts) : apiError;
    } finally {
      clearTimeout(timer);
    }
  }

  private context(req: HttpRequest): CallContext {
    const method = req.method.toUpperCase() as HttpMethod;
    const path = req.path.startsWith("/") ? req.path : `/${req.path}`;
    const headers = { ...this.defaultHeaders, ...lowerKeys(req.headers) };
    let body: string | undefined;
    if (req.form) {
      body = formBody(req.form);
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers["content-type"] ??= "application/json";
    }
    const deadline = new AbortController();
    return {
      method,
      path,
      url: this.baseUrl + path + queryString(req.query),
      headers,
      body,
      idempotent: req.idempotent ?? false,
      userSignal: req.signal,
      deadline,
      overall: req.signal ? AbortSignal.any([deadline.signal, req.signal]) : deadline.signal,
      deadlineAt: Date.now() + this.timing.deadlineMs,
      attempts: 0,
      reauthorized: false,
    };
  }

  /** One attempt: authorize, send (re-authorizing once per call on a 401), interpret the answer. */
  private async attempt<T>(ctx: CallContext): Promise<HttpResponse<T>> {
    ctx.attempts += 1;
    const authorization = await this.authorization(ctx);
    let res = await this.exchange(ctx, authorization);
    if (res.status === 401 && this.auth && authorization !== undefined && !ctx.reauthorized) {
      ctx.reauthorized = true;
      this.auth.invalidate(authorization);
      const renewed = await this.authorization(ctx);
      // A hook that cannot renew (a ready token) gives the same value: the 401 stands.
      if (renewed !== authorization) res = await this.exchange(ctx, renewed);
    }
    return this.interpret<T>(ctx, res);
  }

  /** The Authorization header from the auth hook; its failures end the call (no retry here). */
  private async authorization(ctx: CallContext): Promise<string | undefined> {
    if (!this.auth) return undefined;
    try {
      const header = await this.auth.header();
      return header;
    } catch (err) {
      throw new (retrying().AbortError)(err instanceof ApiError ? err : this.internalError(ctx, err));
    }
  }

  /** Sends one request through the shared rate limiter, with the per-attempt timeout. */
  private exchange(ctx: CallContext, authorization: string | undefined): Promise<WireResponse> {
    return this.limiter.schedule(async () => {
      if (ctx.overall.aborted) throw this.notSentError(ctx);
      const attemptTimeout = new AbortController();
      const timer = setTimeout(() => attemptTimeout.abort(), this.timing.timeoutMs);
      const started = Date.now();
      const headers = authorization ? { ...ctx.headers, authorization } : ctx.headers;
      try {
        const res = await sendOnce({
          method: ctx.method,
          url: ctx.url,
          headers,
          body: ctx.body,
          signal: AbortSignal.any([attemptTimeout.signal, ctx.overall]),
          freshConnection: !isReplayable(ctx.method, ctx.idempotent),
        });
        this.log(ctx, started, res.status);
        return res;
      } catch (err) {
        const failure = err instanceof WireFailure ? err : new WireFailure("EUNKNOWN", true, false);
        const kind: FailureKind = ctx.userSignal?.aborted
          ? "aborted"
          : ctx.deadline.signal.aborted
            ? "deadline"
            : attemptTimeout.signal.aborted
              ? "timeout"
              : "network";
        this.log(ctx, started, 0, kind === "network" ? failure.code : kind);
        throw this.wireError(ctx, failure, kind);
      } finally {
        clearTimeout(timer);
      }
    });
  }

  /** A 2xx becomes an HttpResponse (JSON parsed), anything else an ApiError. */
  private interpret<T>(ctx: CallContext, res: WireResponse): HttpResponse<T> {
    if (res.status < 200 || res.status > 299) throw this.httpError(ctx, res);
    const text = res.text.trim();
    if (!text) return { status: res.status, data: undefined as T, headers: res.headers };
    try {
      return { status: res.status, data: JSON.parse(text) as T, headers: res.headers };
    } catch (err) {
      const reason = err instanceof Error ? oneLine(err.message, 120) : "invalid JSON";
      throw this.error(ctx, {
        kind: "malformed",
        status: res.status,
        sent: true,
        apiMessage: `invalid JSON: ${reason}`,
      });
    }
  }

  private httpError(ctx: CallContext, res: WireResponse): ApiError {
    const info = parseErrorBody(res.text, res.headers["content-type"]);
    return this.error(ctx, {
      kind: "http",
      status: res.status,
      sent: true,
      apiMessage: info.message ?? STATUS_CODES[res.status],
      code: info.code,
      attr: info.attr,
      retryAfterMs: parseRetryAfter(res.headers["retry-after"]),
    });
  }

  private wireError(ctx: CallContext, failure: WireFailure, kind: FailureKind): ApiError {
    const sent = failure.sent && !isNeverConnectedCode(failure.code);
    const describe: Record<string, () => [string, string]> = {
      timeout: () => ["ETIMEDOUT", `no answer within ${this.timing.timeoutMs} ms`],
      deadline: () => [
        "DEADLINE_EXCEEDED",
        `the call did not finish within its ${this.timing.deadlineMs} ms deadline`,
      ],
      aborted: () => ["ABORTED", "the caller cancelled the request"],
      network: () => [failure.code, describeNetworkCode(failure.code)],
    };
    const [code, text] = describe[kind]!();
    const apiMessage = sent ? `${text}; the request was sent` : `${text}; nothing was sent`;
    return this.error(ctx, { kind, status: 0, sent, code, apiMessage });
  }

  /** The deadline passed (or the caller aborted) while the request waited in the queue. */
  private notSentError(ctx: CallContext): ApiError {
    const kind: FailureKind = ctx.userSignal?.aborted ? "aborted" : "deadline";
    return this.wireError(ctx, new WireFailure(kind, false, true), kind);
  }

  private internalError(ctx: CallContext, err: unknown): ApiError {
    const text = err instanceof Error ? err.message : String(err);
    return this.error(ctx, { kind: "internal", status: 0, sent: false, apiMessage: oneLine(redact(text)) });
  }

  private error(
    ctx: CallContext,
    f: { kind: FailureKind; status: number; sent: boolean } & Partial<ApiErrorInit>,
  ): ApiError {
    const failure = { kind: f.kind, status: f.status, sent: f.sent };
    return new ApiError({
      service: this.service,
      method: ctx.method,
      path: ctx.path,
      status: f.status,
      kind: f.kind,
      code: f.code,
      attr: f.attr,
      apiMessage: f.apiMessage,
      retryAfterMs: f.retryAfterMs,
      ambiguous: isAmbiguous(failure, ctx.method),
      retryable: isRetryable(failure, ctx.method, ctx.idempotent),
    });
  }

  /** p-retry's shouldRetry: retry retryable ApiErrors after the policy's wait, within the deadline. */
  private async waitBeforeRetry(ctx: CallContext, error: Error, retry: number): Promise<boolean> {
    if (!(error instanceof ApiError) || !error.retryable) return false;
    const wait = retryDelay(error.retryAfterMs, retry, this.retry);
    if (Date.now() + wait >= ctx.deadlineAt) return false;
    return sleep(wait, ctx.overall);
  }

  private log(ctx: CallContext, started: number, status: number, error?: string): void {
    logAttempt({
      service: this.service,
      method: ctx.method,
      path: ctx.path,
      attempt: ctx.attempts,
      status,
      error,
      durationMs: Date.now() - started,
    });
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (result: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(result);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function describeNetworkCode(code: string): string {
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    EPIPE: "connection closed while sending",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "DNS lookup failed",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    ETIMEDOUT: "connection timed out",
    ERR_BAD_RESPONSE: "invalid HTTP answer",
    ERR_FR_TOO_MANY_REDIRECTS: "too many redirects",
  };
  return known[code] ?? "connection failed";
}

function lowerKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function formBody(form: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) params.append(k, String(v));
  return params.toString();
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}
