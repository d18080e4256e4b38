/**
 * Fault injection through the real provider host: every resource kind, for create, update, read
 * (`pulumi refresh`) and delete, under 429 + Retry-After, 500/502/503/504, dropped connections,
 * timeouts, malformed bodies, "applied then failed" answers and expired tokens. Each scenario's
 * fault is armed on its own resource's call; the run may succeed (retried) or fail with a clear
 * error, after which the faults are disarmed and the user's next command runs; then the emulator's
 * final state is checked against the program (see posthog-judge.ts, workiva-judge.ts) and every
 * run against leaks. Prints `faults: N scenarios, N passed, 0 lost, 0 duplicated, 0 orphaned, 0 leaked`.
 */
import * as fs from "fs";
import type { Emulator } from "../emulator";
import { TIMEOUT_DELAY_MS } from "./catalogue";
import { POSTHOG_COUNTS, POSTHOG_SCENARIOS, runPosthogPhases } from "./posthog-plan";
import { projectIds } from "./posthog-slots";
import { summaryLine, type Operation, type Scenario, type ScenarioResult } from "./scenario";
import { faultStack, requireBuild, startFaultEmulator } from "./support";
import {
  BATCH_SCENARIOS,
  QUICK_SCENARIO,
  SINGLE_SCENARIOS,
  TOKEN_SCENARIOS,
  addConnections,
  runWorkivaPhases,
} from "./workiva-plan";

const OPERATIONS: Operation[] = ["create", "update", "read", "delete"];

/**
 * Known bugs, not fixed here (run as `it.failing`, so fixing one makes its test fail: then drop it
 * from this list). Each entry: which scenarios, and why they fail.
 */
const KNOWN_BUGS: { matches: (s: Scenario) => boolean; why: string }[] = [
  // None open. (The lost create_webhook answer was fixed: the next `up` completes the webhook.)
];

const results = new Map<string, ScenarioResult>();

/** One test per scenario, reading the result its phase produced. */
function scenarioTests(scenarios: readonly Scenario[]): void {
  for (const s of scenarios) {
    const test = KNOWN_BUGS.some((bug) => bug.matches(s)) ? it.failing : it;
    test(s.label, () => {
      const result = results.get(s.label);
      if (!result) throw new Error("the scenario did not run (its phase failed before judging)");
      expect(result.problems).toEqual([]);
    });
  }
}

describe("fault injection", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    requireBuild();
    emulator = await startFaultEmulator(projectIds(POSTHOG_COUNTS));
    addConnections(emulator);
  });
  afterAll(async () => {
    // The one summary line of the suite (counts computed from the judged results).
    console.log(summaryLine([...results.values()]));
    // FAULTS_REPORT=<file>: every scenario's outcome, error and problems as JSON.
    if (process.env.FAULTS_REPORT) {
      const report = [...results.values()].map((r) => ({ ...r, scenario: r.scenario.label }));
      fs.writeFileSync(process.env.FAULTS_REPORT, JSON.stringify(report, null, 2));
    }
    await emulator?.stop();
  });

  describe("PostHog: ExternalDataSource, ExternalDataSchema, SourceWebhook", () => {
    beforeAll(
      async () => {
        const stack = faultStack(emulator, "posthog-faults");
        try {
          for (const result of await runPosthogPhases(emulator, stack))
            results.set(result.scenario.label, result);
        } finally {
          await stack.dispose();
        }
      },
      300_000 + TIMEOUT_DELAY_MS * 8,
    );

    for (const operation of OPERATIONS) {
      describe(operation, () => scenarioTests(POSTHOG_SCENARIOS[operation]));
    }
  });

  describe("Workiva: Refresh", () => {
    beforeAll(async () => {
      const stacks = {
        singles: faultStack(emulator, "workiva-singles"),
        batch: faultStack(emulator, "workiva-batch"),
        token: faultStack(emulator, "workiva-token"),
        quick: faultStack(emulator, "workiva-quick"),
      };
      try {
        for (const result of await runWorkivaPhases(emulator, stacks))
          results.set(result.scenario.label, result);
      } finally {
        await Promise.all(Object.values(stacks).map((stack) => stack.dispose()));
      }
    }, 300_000);

    for (const operation of ["create", "update", "read"] as const) {
      describe(`${operation} (single refreshes)`, () => scenarioTests(SINGLE_SCENARIOS[operation] ?? []));
    }
    describe("batch refreshes, one per run", () => scenarioTests(BATCH_SCENARIOS));
    describe("expired tokens", () => scenarioTests(TOKEN_SCENARIOS));
    describe("a trigger change redeployed right after the previous refresh", () =>
      scenarioTests([QUICK_SCENARIO]));
  });
});
