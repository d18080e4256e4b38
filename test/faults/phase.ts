/**
 * Runs one phase: one operation (up / refresh / destroy) with every scenario's fault armed at
 * once (each on its own resource's call); if the run failed, the faults are disarmed and the
 * user's next command is run; then each scenario is judged on the emulator's final state.
 */
import * as fs from "fs";
import type { Emulator } from "../emulator";
import type { ActiveFault } from "../emulator/core/faults";
import type { RunResult, Stack } from "../harness";
import { TIMEOUT_DELAY_MS } from "./catalogue";
import { leaksOf } from "./leak-check";
import type { Problem, Scenario, ScenarioResult } from "./scenario";
import { settled, sleep } from "./support";

/** What a phase runs. */
export interface PhaseSpec {
  emulator: Emulator;
  stack: Stack;
  scenarios: readonly Scenario[];
  /** The operation, run with the faults armed. */
  attempt: () => Promise<RunResult>;
  /** What the user runs after a failed attempt (faults disarmed): `up` again, `destroy` again... */
  recover: () => Promise<RunResult>;
  /** A last run after recovery, whose state is judged (e.g. the `up` after a refresh). */
  finally?: () => Promise<RunResult>;
  /** Starts while the faults are armed (e.g. a token-expiry watcher); returns how many times it
   * acted per scenario label, once the attempt is over. */
  during?: () => () => Map<string, number>;
  /** The scenario's problems in the final state (duplicates, orphans, lost settings...). */
  judge: (scenario: Scenario, runs: PhaseRuns) => Problem[];
}

/** The runs of a phase. */
export interface PhaseRuns {
  attempt: RunResult;
  /** Every run of the phase, in order. */
  all: RunResult[];
  /** The last run (its state is the final state). */
  last: RunResult;
}

/** Runs the phase; returns one result per scenario. */
export async function runPhase(spec: PhaseSpec): Promise<ScenarioResult[]> {
  const { emulator, stack } = spec;
  const leaks: string[] = [];
  const all: RunResult[] = [];
  const record = (run: RunResult): RunResult => {
    all.push(run);
    const file = fs.existsSync(stack.stateFile) ? fs.readFileSync(stack.stateFile, "utf8") : "";
    leaks.push(...leaksOf(run, file));
    return run;
  };

  emulator.faults.clear();
  const armed = new Map<Scenario, ActiveFault[]>(
    spec.scenarios.map((s) => [s, s.rules.map((rule) => emulator.faults.add(rule))]),
  );
  const stopWatch = spec.during?.();
  const attempt = record(await settled(spec.attempt()));
  const acted = stopWatch?.() ?? new Map<string, number>();
  await waitForHeldRequests(emulator, armed);
  emulator.faults.clear();

  let recovered = attempt;
  if (!attempt.ok) recovered = record(await settled(spec.recover()));
  const last = spec.finally ? record(await settled(spec.finally())) : recovered;
  const runs: PhaseRuns = { attempt, all, last };

  return spec.scenarios.map((s) => {
    const problems: Problem[] = [];
    // An expired token counts only when the provider met it (its rule merely holds a request).
    const applied = armed.get(s)!.reduce((n, fault) => n + fault.applied, 0);
    const fired = (s.fault === "expired-token" ? 0 : applied) + (acted.get(s.label) ?? 0);
    if (fired === 0) problems.push({ kind: "not-fired", detail: `no request matched ${s.call}` });
    const row = attempt.rows.find((r) => r.name === s.slot && r.status === "failed");
    const error = row?.error ?? attempt.errors.find((e) => e.includes(`"${s.slot}"`));
    if (error !== undefined && !/\b(PostHog|Workiva)\b/.test(error)) {
      problems.push({ kind: "unclear-error", detail: `the error does not say which API failed: ${error}` });
    }
    if (!recovered.ok || !last.ok) {
      const errors = [...recovered.errors, ...last.errors].join(" | ");
      problems.push({ kind: "unrecovered", detail: `the next run failed too: ${errors}` });
    }
    problems.push(...spec.judge(s, runs));
    problems.push(...leaks.map((where) => ({ kind: "leaked" as const, detail: where })));
    const outcome: ScenarioResult["outcome"] =
      error === undefined
        ? "retried"
        : problems.some((p) => p.kind === "unrecovered")
          ? "failed, not recovered"
          : "failed, then recovered";
    return { scenario: s, outcome, error, problems };
  });
}

/**
 * A "timeout" fault holds its request on the server beyond the client's patience; the server may
 * still apply it later. Wait until every held request has been handled before judging.
 */
async function waitForHeldRequests(emulator: Emulator, armed: Map<Scenario, ActiveFault[]>): Promise<void> {
  const held = [...armed.values()]
    .flat()
    .filter((fault) => fault.applied > 0 && fault.rule.delayMs !== undefined);
  if (held.length === 0) return;
  const latestStart = Math.max(
    ...held.flatMap((fault) =>
      emulator.log
        .filter(fault.rule)
        .filter((entry) => entry.fault !== undefined)
        .map((entry) => entry.startedAt),
    ),
  );
  const wait = latestStart + (held[0].rule.delayMs ?? TIMEOUT_DELAY_MS) + 300 - Date.now();
  if (wait > 0) await sleep(wait);
}
