/**
 * The quickstart told through the REAL Pulumi CLI (the one `npm run pulumi:install` builds):
 * examples/quickstart run as it is, with a file backend and a private PULUMI_HOME in a
 * git-ignored folder, against the emulator. Each step prints what the CLI printed, the API calls
 * it made, and checks what a user would check. Used by `npm run demo` when the CLI is built.
 */
import * as path from "path";
import type { Emulator } from "../../test/emulator";
import { CliProject, changesOf, opsOf, type CliRun } from "../../test/cli/cli-project";
import type { PulumiCli } from "../pulumi-cli/locate";
import { formatCalls } from "./api-calls";
import type { StepCheck } from "./quickstart-story";

const PROGRAM = path.resolve(__dirname, "../../examples/quickstart");

export interface CliStepReport {
  title: string;
  apiCalls: number;
  checks: StepCheck[];
}

const check = (what: string, ok: boolean, saw: unknown): StepCheck => ({
  what,
  ok,
  saw: typeof saw === "string" ? saw : JSON.stringify(saw),
});

type Calls = Emulator["log"]["entries"];
type CliStep = [
  title: string,
  run: (p: CliProject) => Promise<CliRun>,
  checks: (run: CliRun, calls: Calls) => StepCheck[],
];

const writes = (calls: Calls) => calls.filter((c) => c.method !== "GET").length;

const STEPS: CliStep[] = [
  [
    "pulumi preview",
    (p) => p.preview(),
    (run, calls) => [
      check("exits 0", run.code === 0, run.code),
      check("5 to create (4 resources + the stack)", changesOf(run).create === 5, changesOf(run)),
      check("no API write during preview", writes(calls) === 0, `${writes(calls)} writes`),
    ],
  ],
  [
    "pulumi up --yes",
    (p) => p.up(),
    (run) => [
      check("exits 0", run.code === 0, run.code),
      check("5 created", changesOf(run).create === 5, changesOf(run)),
      check(
        "the refresh's progress was shown",
        /workiva refresh .*complete/.test(run.output),
        "no progress line",
      ),
    ],
  ],
  [
    "pulumi up --yes (again): nothing to do",
    (p) => p.up(),
    (run, calls) => [
      check("5 unchanged", changesOf(run).same === 5, changesOf(run)),
      check("zero API calls", calls.length === 0, `${calls.length} calls`),
    ],
  ],
  [
    "pulumi config set chargeSyncFrequency 1hour && pulumi up --yes",
    async (p) => {
      await p.setConfig({ chargeSyncFrequency: "1hour" });
      return p.up();
    },
    (run, calls) => [
      check("the source is updated in place", opsOf(run).stripe === "update", opsOf(run)),
      check("the reports refresh again (replace)", opsOf(run)["finance-reports"] === "replace", opsOf(run)),
      check(
        "one PostHog call: bulk_update_schemas",
        calls.filter((c) => c.service === "posthog").length === 1,
        calls.filter((c) => c.service === "posthog").map((c) => `${c.method} ${c.path}`),
      ),
    ],
  ],
  [
    "pulumi refresh --yes",
    (p) => p.refresh(),
    (run, calls) => [
      check("exits 0", run.code === 0, run.code),
      check(
        "refresh only reads",
        writes(calls.filter((c) => c.service === "posthog")) === 0,
        `${writes(calls)} writes`,
      ),
    ],
  ],
  [
    "pulumi destroy --yes",
    (p) => p.destroy(),
    (run) => [check("5 deleted", changesOf(run).delete === 5, changesOf(run))],
  ],
];

/** Runs the story on the real CLI; `print` gets each step's text (the CLI's own output included). */
export async function runCliStory(
  cli: PulumiCli,
  emulator: Emulator,
  print: (text: string) => void = () => {},
): Promise<CliStepReport[]> {
  const project = await CliProject.create(cli, {
    programDir: PROGRAM,
    stack: "demo",
    config: { ...emulator.config, stripeSecretKey: "sk_test_quickstart_demo" },
    secretKeys: ["posthog:apiKey", "workiva:clientSecret", "stripeSecretKey"],
    env: { DATASYNC_WORKIVA_POLL_MS: "250,1000" },
  });
  const reports: CliStepReport[] = [];
  try {
    for (const [index, [title, run, checks]] of STEPS.entries()) {
      const before = emulator.log.entries.length;
      const result = await run(project);
      const calls = emulator.log.entries.slice(before);
      const results = checks(result, calls);
      print(
        [
          `\n=== Step ${index + 1}: ${title}   (real Pulumi CLI ${cli.version})`,
          result.output.trimEnd(),
          formatCalls(calls),
          ...results.map((c) => `  ${c.ok ? "PASS" : "FAIL"}  ${c.what}${c.ok ? "" : ` (saw ${c.saw})`}`),
        ].join("\n"),
      );
      reports.push({ title, apiCalls: calls.length, checks: results });
    }
  } finally {
    project.dispose();
  }
  return reports;
}
