import type { ServiceName } from "./types";

const REASONS: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  423: "Locked",
  429: "Too many requests",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
  504: "Gateway timeout",
};

/** The error body each service answers for a status the core produces itself (429, faults). */
export function errorBody(
  service: ServiceName | "unknown",
  status: number,
  retryAfterSeconds?: number,
): unknown {
  const reason = REASONS[status] ?? `HTTP ${status}`;
  // Workiva answers 400 with a list of messages, every other status with one string.
  if (service === "workiva") return { code: status, body: status === 400 ? ["Invalid request"] : reason };
  if (status === 429) {
    return {
      type: "throttled_error",
      code: "throttled",
      detail: `Request was throttled. Expected available in ${retryAfterSeconds ?? 1} seconds.`,
      attr: null,
    };
  }
  return {
    type: status >= 500 ? "server_error" : "invalid_request",
    code: status >= 500 ? "error" : "invalid_request",
    detail: status >= 500 ? "A server error occurred." : reason,
    attr: null,
  };
}
