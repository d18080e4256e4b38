/**
 * The faults of the suite, as emulator fault rules aimed at one call. Every transport fault fires
 * once (`times: 1`): the provider's retry, or the user's next `up`, meets a healthy API. The
 * `*-persistent` faults last until the suite disarms them, so retries run out and the run fails.
 */
import type { FaultRule, RequestFilter } from "../emulator";

/** The transport faults every call of the matrix is tried with. */
export const TRANSPORT_FAULTS = [
  "429",
  "500",
  "502",
  "503",
  "504",
  "drop-before",
  "drop-after",
  "timeout",
  "malformed",
  "commit-then-fail",
] as const;

/** A transport fault. */
export type TransportFault = (typeof TRANSPORT_FAULTS)[number];

/** Every fault name of the suite. */
export type FaultName = TransportFault | "503-persistent" | "drop-persistent" | "expired-token";

/** How long a "timeout" holds a request: beyond the client timeout of the suite (FAULT_ENV). */
export const TIMEOUT_DELAY_MS = 2500;

/** Options of {@link faultRules}. */
export interface FaultRuleOptions {
  /**
   * How the server ends a timed-out request. Default: it applies the request after the delay
   * (late, after the client gave up). Workiva cuts every request at 29 s, below the client's
   * default 30 s timeout, with nothing applied: `504` models that (a client timeout, then a 504
   * the client no longer waits for).
   */
  timeoutEndsWith?: "apply" | 504;
}

/** What each fault does, in a few words (for the scenario names). */
export const FAULT_LABELS: Record<FaultName, string> = {
  "429": "429 + Retry-After",
  "500": "500",
  "502": "502",
  "503": "503",
  "504": "504",
  "drop-before": "connection dropped before the change",
  "drop-after": "connection dropped after the change",
  timeout: "timeout",
  malformed: "malformed body",
  "commit-then-fail": "change applied, then 500",
  "503-persistent": "503 until disarmed",
  "drop-persistent": "dropped until disarmed",
  "expired-token": "token expired mid-run",
};

/** The emulator rules that inject `fault` on the requests matching `target`. */
export function faultRules(
  fault: FaultName,
  target: RequestFilter,
  options: FaultRuleOptions = {},
): FaultRule[] {
  const once = { ...target, times: 1 };
  switch (fault) {
    case "429":
      return [{ ...once, status: 429, headers: { "retry-after": "1" } }];
    case "500":
    case "502":
    case "503":
    case "504":
      return [{ ...once, status: Number(fault) }];
    case "drop-before":
      return [{ ...once, drop: "before" }];
    case "drop-after":
      return [{ ...once, drop: "after" }];
    case "timeout":
      return [
        options.timeoutEndsWith === 504
          ? { ...once, delayMs: TIMEOUT_DELAY_MS, status: 504 }
          : { ...once, delayMs: TIMEOUT_DELAY_MS },
      ];
    case "malformed":
      return [{ ...once, malformed: true }];
    case "commit-then-fail":
      return [{ ...once, commitThenFail: 500 }];
    case "503-persistent":
      return [{ ...target, status: 503, times: Number.POSITIVE_INFINITY }];
    case "drop-persistent":
      return [{ ...target, drop: "before", times: Number.POSITIVE_INFINITY }];
    case "expired-token":
      // Not a rule on a call: the scenario expires the tokens itself (see workiva.ts).
      return [];
  }
}
