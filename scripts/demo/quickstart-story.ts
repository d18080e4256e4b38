/**
 * The quickstart told step by step on the real provider host and the emulator: preview, up, a
 * no-op up, a change of one table setting, refresh, destroy. Each step checks what a user would
 * check (operations, API calls made, state at the emulator) and says what it saw. Used by
 * `npm run demo` (prints the story) and by the tests (asserts every check passed).
 */
import * as path from "path";
import type { Emulator } from "../../test/emulator";
import { Stack, formatPlan, type RunResult } from "../../test/harness";
import { formatCalls } from "./api-calls";

export const QUICKSTART_PROGRAM = path.resolve(__dirname, "../../examples/quickstart/index.ts");
const PROJECT = "datasync-quickstart";

export interface StepCheck {
  what: string;
  ok: boolean;
  saw: string;
}

export interface StepReport {
  title: string;
  result: RunResult;
  apiCalls: number;
  checks: StepCheck[];
  text: string;
}

type Step = (ctx: { emulator: Emulator; stack: Stack; last?: RunResult }) => Promise<{
  result: RunResult;
  checks: (calls: ReturnType<Emulator["log"]["filter"]>, result: RunResult) => StepCheck[];
}>;

const check = (what: string, ok: boolean, saw: unknown): StepCheck => ({
  what,
  ok,
  saw: typeof saw === "string" ? saw : JSON.stringify(saw),
});

const inputsByUrn = (resources: { urn: string; inputs: unknown }[]) =>
  new Map(resources.map((r) => [r.urn, JSON.stringify(r.inputs)]));
const ops = (result: RunResult) => Object.fromEntries(result.rows.map((r) => [r.name, r.op]));
const writes = (calls: { method: string }[]) => calls.filter((c) => c.method !== "GET").length;
const count = (calls: { method: string; path: string }[], method: string, pattern: RegExp) =>
  calls.filter((c) => c.method === method && pattern.test(c.path)).length;

const STEPS: [string, Step][] = [
  [
    "pulumi preview (first): everything is planned, nothing is written",
    async ({ stack }) => ({
      result: await stack.preview(QUICKSTART_PROGRAM),
      checks: (calls, result) => [
        check("4 resources planned for create", result.totals.create === 4, result.totals),
        check("no API write during preview", writes(calls) === 0, `${writes(calls)} writes`),
      ],
    }),
  ],
  [
    "pulumi up: source, tuned table, webhook and the Workiva refresh are created",
    async ({ stack }) => ({
      result: await stack.up(QUICKSTART_PROGRAM),
      checks: (calls, result) => [
        check("4 resources created", result.totals.create === 4 && result.ok, result.totals),
        check(
          "one PostHog source created",
          count(calls, "POST", /external_data_sources\/?$/) === 1,
          "POST sources",
        ),
        check(
          "refresh finished complete",
          result.outputs.refreshStatus === "complete",
          result.outputs.refreshStatus,
        ),
        check(
          "5 connections refreshed: 1 batch (sales workbook) + 2 single refreshes",
          count(calls, "POST", /batch\/refresh\/?$/) === 1 &&
            count(calls, "POST", /conn-[^/]+\/refresh\/?$/) === 2,
          {
            batch: count(calls, "POST", /batch\/refresh\/?$/),
            single: count(calls, "POST", /conn-[^/]+\/refresh\/?$/),
          },
        ),
        check(
          "webhook URL returned",
          typeof result.outputs.webhookUrl === "string",
          result.outputs.webhookUrl,
        ),
      ],
    }),
  ],
  [
    "pulumi up again: no changes, zero API calls",
    async ({ stack }) => ({
      result: await stack.up(QUICKSTART_PROGRAM),
      checks: (calls, result) => [
        check("every resource unchanged", result.totals.same === 4, result.totals),
        check("zero API calls", calls.length === 0, `${calls.length} calls`),
      ],
    }),
  ],
  [
    "pulumi config set chargeSyncFrequency 1hour && pulumi up: one table changes in place, the reports refresh once",
    async ({ stack }) => {
      stack.config[`${PROJECT}:chargeSyncFrequency`] = "1hour";
      return {
        result: await stack.up(QUICKSTART_PROGRAM),
        checks: (calls, result) => [
          check(
            "the source is updated in place (no replacement)",
            ops(result).stripe === "update",
            ops(result),
          ),
          check(
            "one bulk_update_schemas call changes the table",
            count(calls, "PATCH", /bulk_update_schemas\/?$/) === 1 &&
              writes(calls.filter((c) => c.service === "posthog")) === 1,
            `${writes(calls.filter((c) => c.service === "posthog"))} PostHog writes`,
          ),
          check(
            "the refresh runs once more (a new run)",
            ops(result)["finance-reports"] === "replace",
            ops(result),
          ),
          check(
            "3 refresh requests for the 5 connections",
            count(calls, "POST", /refresh\/?$/) === 3,
            `${count(calls, "POST", /refresh\/?$/)} refresh POSTs`,
          ),
        ],
      };
    },
  ],
  [
    "pulumi refresh: sync statuses are read back, no setting drifted",
    async ({ stack }) => {
      const inputsBefore = inputsByUrn(stack.state.resources);
      return {
        result: await stack.refresh(),
        checks: (calls, result) => {
          const drifted = result.state.resources
            .filter((r) => JSON.stringify(r.inputs) !== inputsBefore.get(r.urn))
            .map((r) => r.name);
          const gone = result.rows.filter((r) => r.op === "refresh-gone").map((r) => r.name);
          return [
            check("no setting drifted (inputs in state unchanged)", drifted.length === 0, drifted),
            check("nothing was deleted elsewhere", gone.length === 0, gone),
            check("refresh only reads", writes(calls) === 0, `${writes(calls)} writes`),
          ];
        },
      };
    },
  ],
  [
    "pulumi destroy: nothing is left behind",
    async ({ stack, emulator }) => ({
      result: await stack.destroy(),
      checks: (_calls, result) => [
        check("4 resources deleted", result.totals.delete === 4 && result.ok, result.totals),
        check(
          "no PostHog source left",
          emulator.posthog.sources().length === 0,
          emulator.posthog.sources().length,
        ),
        check("state is empty", result.state.resources.length === 0, result.state.resources.length),
      ],
    }),
  ],
];

/** Runs the whole story against a running emulator. `print` receives each step's text as it ends. */
export async function runQuickstartStory(
  emulator: Emulator,
  print: (text: string) => void = () => {},
): Promise<StepReport[]> {
  const stack = new Stack({
    name: "demo",
    project: PROJECT,
    config: { ...emulator.config, [`${PROJECT}:stripeSecretKey`]: "sk_test_quickstart_demo" },
    secretConfigKeys: ["posthog:apiKey", "workiva:clientSecret", `${PROJECT}:stripeSecretKey`],
  });
  const reports: StepReport[] = [];
  try {
    for (const [index, [title, step]] of STEPS.entries()) {
      const before = emulator.log.entries.length;
      let outcome: Awaited<ReturnType<Step>>;
      try {
        outcome = await step({ emulator, stack });
      } catch (err) {
        const result = (err as { result?: RunResult }).result;
        if (!result) throw err;
        outcome = { result, checks: () => [check("the step succeeds", false, result.errors.join("; "))] };
      }
      const calls = emulator.log.entries.slice(before);
      const checks = outcome.checks(calls, outcome.result);
      const text = [
        `\n=== Step ${index + 1}: ${title}`,
        formatPlan(outcome.result),
        formatCalls(calls),
        ...checks.map((c) => `  ${c.ok ? "PASS" : "FAIL"}  ${c.what}${c.ok ? "" : ` (saw ${c.saw})`}`),
      ].join("\n");
      print(text);
      reports.push({ title, result: outcome.result, apiCalls: calls.length, checks, text });
    }
  } finally {
    await stack.dispose();
  }
  return reports;
}
