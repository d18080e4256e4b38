/**
 * Parity of the harness (test/harness) with the REAL engine: the harness's lifecycle scenarios
 * (lifecycle.test.ts) run as the same Echo program through both, step by step, and must agree on
 * what a user and a provider can observe: the host calls made (method and resource, in order
 * where the order is defined), the operation per resource, and what is stored per resource
 * (id, inputs, outputs, init errors). `pulumi up` runs with --skip-preview here: the harness's
 * `up` is the update part only (the CLI's own preview calls Check/Diff once more, see the note
 * in test/harness/README.md).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Stack, StackRunError, type RunResult } from "../harness";
import { clearCalls, readCalls } from "../harness/fixtures/echo";
import { CliProject, opsOf, type CliRun } from "./cli-project";
import { echoSpecProgram, type EchoSpec } from "./echo-spec";
import { describeWithCli } from "./setup";

const PROGRAM = path.resolve(__dirname, "programs/echo");

type StepKind = "up" | "preview" | "refresh" | "destroy";
interface ParityStep {
  kind: StepKind;
  spec?: EchoSpec;
  /** Changes made at the "remote API" before the step (drift). */
  before?: (echoDir: string, ids: Record<string, string>) => void;
}

/** What both engines must agree on after one step. */
interface Observed {
  ok: boolean;
  calls: string[];
  ops: Record<string, string>;
  stored: Record<string, { id?: string; inputs: unknown; outputs: unknown; initErrors?: string[] }>;
}

const strip = (props: Record<string, unknown> | undefined) => {
  const { __provider: _provider, ...rest } = props ?? {};
  return rest;
};

/** Host calls since the last clear, `method:key` (configure left out: once per host in both). */
function takeCalls(echoDir: string): string[] {
  const calls = readCalls(echoDir)
    .filter((c) => c.method !== "configure")
    .map((c) => `${c.method}:${c.key ?? c.id}`);
  clearCalls(echoDir);
  return calls;
}

/** The harness's row ops in the engine's words (a refresh's outcome is an update or a delete). */
const HARNESS_OP: Record<string, string> = {
  "refresh-changed": "update",
  "refresh-gone": "delete",
  read: "same",
};

async function runHarness(stack: Stack, step: ParityStep, echoDir: string): Promise<Observed> {
  const program = echoSpecProgram(step.spec ?? {});
  let result: RunResult;
  let ok = true;
  try {
    result =
      step.kind === "up"
        ? await stack.up(program)
        : step.kind === "preview"
          ? await stack.preview(program)
          : step.kind === "refresh"
            ? await stack.refresh()
            : await stack.destroy();
  } catch (err) {
    if (!(err instanceof StackRunError)) throw err;
    result = err.result;
    ok = false;
  }
  const ops: Record<string, string> = {};
  for (const row of result.rows) ops[row.name] = HARNESS_OP[row.op] ?? row.op;
  const stored: Observed["stored"] = {};
  for (const r of stack.state.resources) {
    stored[r.name] = {
      id: r.id,
      inputs: strip(r.inputs),
      outputs: strip(r.outputs),
      initErrors: r.initErrors,
    };
  }
  return { ok, calls: takeCalls(echoDir), ops, stored };
}

async function runCli(project: CliProject, step: ParityStep, echoDir: string): Promise<Observed> {
  if (step.kind === "up" || step.kind === "preview") {
    await project.setConfig({ spec: JSON.stringify(step.spec ?? {}) });
  }
  let run: CliRun;
  if (step.kind === "preview") run = await project.preview();
  else if (step.kind === "up") run = await project.up(["--skip-preview"]);
  else if (step.kind === "refresh") run = await project.refresh(["--skip-preview"]);
  else run = await project.destroy(["--skip-preview"]);
  // What each step ended as (a refresh finds `update`/`delete`); a failed step has no outcome,
  // so it keeps the planned op.
  const ops = { ...opsOf(run), ...(step.kind === "preview" ? {} : opsOf(run, true)) };
  const stored: Observed["stored"] = {};
  for (const r of (await project.exportStack()).deployment.deployment.resources ?? []) {
    if (!r.type.startsWith("pulumi-nodejs:dynamic/")) continue;
    stored[r.urn.split("::").pop()!] = {
      id: r.id,
      inputs: strip(r.inputs),
      outputs: strip(r.outputs),
      initErrors: r.initErrors,
    };
  }
  return { ok: run.code === 0, calls: takeCalls(echoDir), ops, stored };
}

/** The lifecycle scenarios, as steps. */
const SCENARIOS: Record<string, ParityStep[]> = {
  "create, then a no-op up": [
    { kind: "up", spec: { a: { key: "a", value: "v1" } } },
    { kind: "up", spec: { a: { key: "a", value: "v1" } } },
  ],
  "update in place": [
    { kind: "up", spec: { a: { key: "a", value: "v1" } } },
    { kind: "up", spec: { a: { key: "a", value: "v2", tags: { team: "data" } } } },
  ],
  "replace, create before delete": [
    { kind: "up", spec: { a: { key: "a", value: "v1" } } },
    { kind: "up", spec: { a: { key: "a2", value: "v1" } } },
  ],
  "replace, delete before create (Diff and resource option)": [
    { kind: "up", spec: { a: { key: "a", dbr: true } } },
    { kind: "up", spec: { a: { key: "a2", dbr: true } } },
    { kind: "up", spec: { b: { key: "b" }, bOpts: { deleteBeforeReplace: true } } },
    { kind: "up", spec: { b: { key: "b2" }, bOpts: { deleteBeforeReplace: true } } },
  ],
  "preview: Check and Diff only": [
    { kind: "preview", spec: { a: { key: "a", value: "v1" } } },
    { kind: "up", spec: { a: { key: "a", value: "v1" }, b: { key: "b" } } },
    { kind: "preview", spec: { a: { key: "a", value: "v2" }, b: { key: "b" } } },
  ],
  "refresh: drift and gone": [
    { kind: "up", spec: { a: { key: "a", value: "v1" }, b: { key: "b" } } },
    {
      kind: "refresh",
      before: (dir, ids) => {
        const file = path.join(dir, `object-${ids.a}.json`);
        fs.writeFileSync(
          file,
          JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), value: "edited-in-ui" }),
        );
        fs.rmSync(path.join(dir, `object-${ids.b}.json`));
      },
    },
    { kind: "up", spec: { a: { key: "a", value: "v1" }, b: { key: "b" } } },
  ],
  "removed from the program, then destroy": [
    { kind: "up", spec: { a: { key: "a" }, b: { key: "b" } } },
    { kind: "up", spec: {} },
    { kind: "up", spec: { a: { key: "a" }, b: { key: "b" } } },
    { kind: "destroy" },
  ],
  "create fails with an id (init error), the next up retries": [
    { kind: "up", spec: { a: { key: "a", failCreate: "not ready" } } },
    { kind: "up", spec: { a: { key: "a", failCreate: "not ready" } } },
  ],
  "check failure": [{ kind: "up", spec: { a: { key: "a", value: "invalid" } } }],
};

describeWithCli("harness parity with the real engine (lifecycle scenarios)", (cli) => {
  for (const [title, steps] of Object.entries(SCENARIOS)) {
    it(title, async () => {
      const harnessDir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-harness-"));
      const cliDir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-cli-"));
      const stack = new Stack({
        name: "life",
        config: { "harness:greeting": "hi" },
        env: { HARNESS_ECHO_DIR: harnessDir },
      });
      const project = await CliProject.create(cli, {
        programDir: PROGRAM,
        stack: "life",
        config: { "harness:greeting": "hi", spec: "{}" },
        env: { HARNESS_ECHO_DIR: cliDir },
      });
      try {
        const differences: string[] = [];
        for (const [index, step] of steps.entries()) {
          const ids = (dir: string, observed?: Observed) =>
            Object.fromEntries(Object.entries(observed?.stored ?? {}).map(([n, r]) => [n, r.id ?? ""]));
          step.before?.(harnessDir, ids(harnessDir, lastHarness));
          step.before?.(cliDir, ids(cliDir, lastCli));
          const harness = await runHarness(stack, step, harnessDir);
          const engine = await runCli(project, step, cliDir);
          lastHarness = harness;
          lastCli = engine;
          for (const key of ["ok", "calls", "ops", "stored"] as const) {
            const h = key === "calls" ? sortUnordered(harness.calls) : sortKeys(harness[key]);
            const e = key === "calls" ? sortUnordered(engine.calls) : sortKeys(engine[key]);
            if (JSON.stringify(h) !== JSON.stringify(e)) {
              differences.push(
                `step ${index + 1} (${step.kind}) ${key}:\n  harness ${JSON.stringify(h)}\n  engine  ${JSON.stringify(e)}`,
              );
            }
          }
        }
        expect(differences).toEqual([]);
      } finally {
        await stack.dispose();
        project.dispose();
        fs.rmSync(harnessDir, { recursive: true, force: true });
        fs.rmSync(cliDir, { recursive: true, force: true });
      }
    });
  }
});

/** A plain value with object keys sorted (key order is no difference). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

let lastHarness: Observed | undefined;
let lastCli: Observed | undefined;

/**
 * Calls compared in order, except where neither engine defines one: checks of independent
 * resources run concurrently, so runs of `check:*` (and of `read:*`) are sorted among themselves.
 */
function sortUnordered(calls: string[]): string[] {
  const out: string[] = [];
  let group: string[] = [];
  let groupMethod = "";
  const flush = () => {
    out.push(...group.sort());
    group = [];
  };
  for (const call of calls) {
    const method = call.split(":")[0];
    if (method !== groupMethod || !["check", "read", "diff"].includes(method)) flush();
    groupMethod = method;
    group.push(call);
  }
  flush();
  return out;
}
