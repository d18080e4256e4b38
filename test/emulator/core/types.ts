/** Shared types of the emulator core. Service plugins (posthog/, workiva/) register plain fastify
 * routes; logging, latency, rate limits and fault injection are applied around them by the core. */

export type ServiceName = "posthog" | "workiva";

/** One request as the emulator saw it. Credentials are never recorded: no headers are kept and
 * secret-looking body fields are replaced by "[redacted]". */
export interface LoggedRequest {
  seq: number;
  service: ServiceName | "unknown";
  method: string;
  /** URL path without the query string, e.g. `/api/projects/1/external_data_sources/`. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Status sent to the client; 0 when the connection was dropped without an answer. */
  status: number;
  /** Set when a fault rule shaped this answer. */
  fault?: string;
  startedAt: number;
  durationMs: number;
}

export interface RequestFilter {
  service?: ServiceName;
  method?: string;
  /** Exact path (trailing slash ignored; `*` matches one segment) or a RegExp on the path. */
  path?: string | RegExp;
}

/**
 * A fault rule. It matches requests like a RequestFilter, skips the first `skip` matches, then
 * applies to the next `times` matches (default 1; Infinity for always).
 *
 * Kinds (exactly one):
 * - `status`: answer at once with this status (handler NOT run). `body`/`headers` override the
 *   service's default error body for that status (`Retry-After` for 429 defaults to "1").
 * - `drop: "before"`: destroy the connection before the handler runs (nothing applied).
 * - `drop: "after"`: run the handler (change applied), then destroy the connection unanswered.
 * - `commitThenFail`: run the handler (change applied), then answer this 5xx status instead.
 * - `malformed`: run the handler (change applied), then answer 200 with a truncated JSON body.
 * - `delayMs`: wait this long before running the handler (to provoke client timeouts); may be
 *   combined with any other kind.
 */
export interface FaultRule extends RequestFilter {
  skip?: number;
  times?: number;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  drop?: "before" | "after";
  commitThenFail?: number;
  malformed?: boolean;
  delayMs?: number;
}

export interface RateLimitWindow {
  limit: number;
  windowMs: number;
}
