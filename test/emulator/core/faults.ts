import type { FaultRule } from "./types";
import { matchesFilter } from "./match";

/** A registered fault rule with its hit counters. */
export interface ActiveFault {
  readonly rule: FaultRule;
  /** Requests that matched the filter (including skipped ones). */
  matched: number;
  /** Requests the fault was applied to. */
  applied: number;
}

/** Describes a rule in one short word for the request log. */
export function describeFault(rule: FaultRule): string {
  if (rule.status !== undefined) return `status ${rule.status}`;
  if (rule.drop) return `drop ${rule.drop}`;
  if (rule.commitThenFail !== undefined) return `commit then ${rule.commitThenFail}`;
  if (rule.malformed) return "malformed body";
  return `delay ${rule.delayMs ?? 0} ms`;
}

/** The fault injection table: tests add rules, the core asks which one applies to a request. */
export class FaultInjector {
  private readonly active: ActiveFault[] = [];

  /** Adds a rule; returns its live counters. */
  add(rule: FaultRule): ActiveFault {
    const kinds = [rule.status, rule.drop, rule.commitThenFail, rule.malformed || undefined].filter(
      (k) => k !== undefined,
    );
    if (kinds.length > 1)
      throw new Error("a fault rule has one kind: status, drop, commitThenFail or malformed");
    const fault: ActiveFault = { rule, matched: 0, applied: 0 };
    this.active.push(fault);
    return fault;
  }

  /** Removes every rule. */
  clear(): void {
    this.active.length = 0;
  }

  /** The first rule that applies to this request, counting it as applied. */
  take(service: string, method: string, path: string): FaultRule | undefined {
    for (const fault of this.active) {
      if (!matchesFilter(fault.rule, service, method, path)) continue;
      fault.matched += 1;
      const skip = fault.rule.skip ?? 0;
      const times = fault.rule.times ?? 1;
      if (fault.matched <= skip || fault.applied >= times) continue;
      fault.applied += 1;
      return fault.rule;
    }
    return undefined;
  }
}
