import { redact } from "./redact";
import { SERVICE_LABEL, type ServiceName } from "./service";

/**
 * How a request failed.
 * - `http`: the server answered with a non-2xx status.
 * - `network`: the connection failed (refused, reset, DNS, ...); `status` is 0.
 * - `timeout`: one attempt exceeded the per-request timeout; `status` is 0.
 * - `deadline`: the overall deadline of the call (all attempts and waits) ran out; `status` is 0.
 * - `aborted`: the caller's AbortSignal fired; `status` is 0.
 * - `malformed`: a 2xx answer whose body is not valid JSON (or not the expected shape).
 * - `internal`: an unexpected failure inside the client itself.
 */
export type FailureKind = "http" | "network" | "timeout" | "deadline" | "aborted" | "malformed" | "internal";

/** The fields of an ApiError; every string is redacted when the error is built. */
export interface ApiErrorInit {
  service: ServiceName;
  method: string;
  /** URL path without query string. */
  path: string;
  /** HTTP status, 0 when no answer was received. */
  status: number;
  kind: FailureKind;
  /** The API's error code (DRF `code`, OAuth `error`) or the network error code (`ECONNREFUSED`). */
  code?: string;
  /** The field the API blamed (DRF `attr`). */
  attr?: string;
  /** The API's own message, or a description of the network failure. */
  apiMessage?: string;
  /** True when the request may have been applied although it failed. */
  ambiguous: boolean;
  /** True when the failure is transient and the same request may succeed later. */
  retryable: boolean;
  /** How long the server asked us to wait (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** How many attempts were made (set on the error finally thrown). */
  attempts?: number;
}

/** The safe, serializable view of an ApiError (what `toJSON()` returns). */
export type ApiErrorJson = Omit<ApiErrorInit, "retryAfterMs"> & { name: "ApiError"; message: string };

/**
 * The one error type thrown by the HTTP layer. Built from scratch (never wrapping an axios error,
 * which carries request headers), with every text field redacted, so its message, stack,
 * `JSON.stringify` and `util.inspect` never show a credential.
 *
 * Message: `PostHog POST /api/projects/1/external_data_sources/ failed: 400 Another source of this
 * type already uses the prefix 'stripe_' (attr: prefix)`.
 */
export class ApiError extends Error {
  /** Always "ApiError" (a prototype getter, so the stack header says ApiError too). */
  override get name(): "ApiError" {
    return "ApiError";
  }
  readonly service: ServiceName;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly kind: FailureKind;
  readonly code?: string;
  readonly attr?: string;
  readonly apiMessage?: string;
  readonly ambiguous: boolean;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly attempts?: number;

  constructor(init: ApiErrorInit) {
    const clean = scrubInit(init);
    super(formatApiErrorMessage(clean));
    this.service = clean.service;
    this.method = clean.method;
    this.path = clean.path;
    this.status = clean.status;
    this.kind = clean.kind;
    this.ambiguous = clean.ambiguous;
    this.retryable = clean.retryable;
    if (clean.code !== undefined) this.code = clean.code;
    if (clean.attr !== undefined) this.attr = clean.attr;
    if (clean.apiMessage !== undefined) this.apiMessage = clean.apiMessage;
    if (clean.retryAfterMs !== undefined) this.retryAfterMs = clean.retryAfterMs;
    if (clean.attempts !== undefined) this.attempts = clean.attempts;
  }

  /** A copy of this error with the number of attempts recorded (and in the message). */
  withAttempts(attempts: number): ApiError {
    return new ApiError({ ...this.init(), attempts });
  }

  /** The constructor arguments that rebuild this error. */
  init(): ApiErrorInit {
    return {
      service: this.service,
      method: this.method,
      path: this.path,
      status: this.status,
      kind: this.kind,
      code: this.code,
      attr: this.attr,
      apiMessage: this.apiMessage,
      ambiguous: this.ambiguous,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      attempts: this.attempts,
    };
  }

  /** Only safe fields: what `JSON.stringify(error)` shows. */
  toJSON(): ApiErrorJson {
    const { retryAfterMs: _ignored, ...rest } = this.init();
    return { name: "ApiError", message: this.message, ...rest };
  }
}

/** True when `value` is an ApiError. */
export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

function scrubInit(init: ApiErrorInit): ApiErrorInit {
  const text = (v: string | undefined): string | undefined => (v === undefined ? undefined : redact(v));
  return {
    ...init,
    method: init.method.toUpperCase(),
    path: redact(stripQuery(init.path)),
    code: text(init.code),
    attr: text(init.attr),
    apiMessage: text(init.apiMessage),
  };
}

function stripQuery(path: string): string {
  const q = path.search(/[?#]/);
  return q === -1 ? path : path.slice(0, q);
}

/** Builds the one-line message of an ApiError. */
export function formatApiErrorMessage(e: ApiErrorInit): string {
  const head = `${SERVICE_LABEL[e.service]} ${e.method} ${e.path} failed: `;
  let body: string;
  switch (e.kind) {
    case "http":
      body = [String(e.status), e.apiMessage].filter(Boolean).join(" ");
      if (e.attr) body += ` (attr: ${e.attr})`;
      else if (e.code && !e.apiMessage) body += ` (code: ${e.code})`;
      break;
    case "malformed":
      body = `${e.status} answer with a malformed body${e.apiMessage ? ` (${e.apiMessage})` : ""}`;
      break;
    default:
      body = [
        e.kind === "network" ? "network error" : e.kind,
        e.code,
        e.apiMessage ? `- ${e.apiMessage}` : "",
      ]
        .filter(Boolean)
        .join(" ");
  }
  const notes: string[] = [];
  if (e.attempts !== undefined && e.attempts > 1) notes.push(`after ${e.attempts} attempts`);
  if (e.ambiguous) notes.push("the change may have been applied; read the resource before retrying");
  return redact(head + body + (notes.length ? ` [${notes.join("; ")}]` : ""));
}
