import type { LoggedRequest, RequestFilter } from "./types";
import { matchesFilter } from "./match";

/** Body fields whose values are never recorded (credentials and secrets). */
const SECRET_FIELD = /(secret|password|token|api_?key|private|credential|key_file)/i;

/** Replaces secret-looking fields of a request body by "[redacted]", recursively. */
export function redactBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(redactBody);
  if (body && typeof body === "object") {
    return Object.fromEntries(
      Object.entries(body as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_FIELD.test(k) && v !== null && typeof v !== "object" ? "[redacted]" : redactBody(v),
      ]),
    );
  }
  return body;
}

/** Every request the emulator answered (or dropped), in arrival order, for tests to count calls. */
export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  private seq = 0;

  /** Records a request; the returned entry is completed (status, duration) when it ends. */
  start(entry: Omit<LoggedRequest, "seq" | "status" | "durationMs">): LoggedRequest {
    const full: LoggedRequest = {
      ...entry,
      body: redactBody(entry.body),
      seq: ++this.seq,
      status: 0,
      durationMs: 0,
    };
    this.entries.push(full);
    return full;
  }

  /** Requests matching a filter (all when none is given). */
  filter(filter: RequestFilter = {}): LoggedRequest[] {
    return this.entries.filter((e) => matchesFilter(filter, e.service, e.method, e.path));
  }

  /** How many requests match a filter. */
  count(filter: RequestFilter = {}): number {
    return this.filter(filter).length;
  }

  /** Requests that changed or could change state (everything but GET/HEAD/OPTIONS). */
  writes(filter: RequestFilter = {}): LoggedRequest[] {
    return this.filter(filter).filter((e) => !["GET", "HEAD", "OPTIONS"].includes(e.method));
  }

  /** Forgets every entry (the sequence keeps counting). */
  clear(): void {
    this.entries.length = 0;
  }

  /** One line per request, for test failure messages and the demo. */
  format(filter: RequestFilter = {}): string {
    return this.filter(filter)
      .map((e) => `${e.method} ${e.path} -> ${e.status}${e.fault ? ` [fault: ${e.fault}]` : ""}`)
      .join("\n");
  }
}
