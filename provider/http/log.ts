import { redact } from "./redact";
import { SERVICE_LABEL, type ServiceName } from "./service";

/** One finished attempt, as reported to the HTTP log hook. Contains no headers and no bodies. */
export interface HttpAttemptEvent {
  service: ServiceName;
  method: string;
  /** Path without query string. */
  path: string;
  /** 1-based attempt number within one `request()` call. */
  attempt: number;
  /** HTTP status, 0 when no answer arrived. */
  status: number;
  /** Network error code or failure kind when no answer arrived. */
  error?: string;
  durationMs: number;
}

/** A receiver of attempt events. */
export type HttpLogger = (event: HttpAttemptEvent) => void;

let logger: HttpLogger | undefined;

/** Installs (or with `undefined` removes) a process-wide receiver of attempt events. */
export function setHttpLogger(next: HttpLogger | undefined): void {
  logger = next;
}

/** Formats one event as a single redacted log line. */
export function formatAttemptEvent(e: HttpAttemptEvent): string {
  const outcome = e.status ? String(e.status) : (e.error ?? "failed");
  return redact(
    `[datasync] ${SERVICE_LABEL[e.service]} ${e.method} ${e.path} -> ${outcome} (${e.durationMs} ms, attempt ${e.attempt})`,
  );
}

/**
 * Reports an attempt: to the installed logger, and as one redacted line on stderr when
 * `DATASYNC_LOG=debug`. A throwing logger is ignored (logging never breaks a request).
 */
export function logAttempt(event: HttpAttemptEvent): void {
  try {
    logger?.(event);
  } catch {
    // ignore
  }
  if (process.env.DATASYNC_LOG?.toLowerCase() === "debug") {
    process.stderr.write(`${formatAttemptEvent(event)}\n`);
  }
}
