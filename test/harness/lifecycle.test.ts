import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Echo, EchoArgs, callNames, clearCalls, readCalls } from "./fixtures/echo";
import { RunResult, Stack, StackRunError, UNKNOWN_VALUE, formatPlan } from "./index";

type EchoSpec = Omit<EchoArgs, "value"> & { value?: string };

/** A program of Echo resources `a` and, optionally, `b` whose value is built from `a.id` (b depends on a). */
function echoProgram(a: EchoArgs | undefined, b?: EchoSpec, bOpts?: pulumi.CustomResourceOptions) {
  return () => {
    const outputs: Record<string, unknown> = {};
    const ra = a ? new Echo("a", a) : undefined;
    if (ra) Object.assign(outputs, { aId: ra.id, aGeneration: ra.generation });
    if (b) {
      const value = ra ? ra.id.apply((id) => `${b.value ?? "from"}:${id}`) : b.value;
      outputs.bValue = new Echo("b", { ...b, value }, bOpts).value;
    }
    return outputs;
  };
}

function rowsOf(result: RunResult): string[] {
  return result.rows.map((r) => `${r.op}:${r.name}`).sort();
}

async function failureOf(run: Promise<RunResult>): Promise<StackRunError> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StackRunError);
  return err as StackRunError;
}

describe("stack runs through the real provider host", () => {
  let echoDir: string;
  let stack: Stack;

  /** Host calls since the last clear, with the resource key, e.g. `create:a`. */
  const calls = (): string[] => callNames(echoDir, true);
  const objectFile = (id: string): string => path.join(echoDir, `object-${id}.json`);

  beforeEach(() => {
    echoDir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-echo-"));
    stack = new Stack({
      name: "life",
      config: { "harness:greeting": "hi" },
      env: { HARNESS_ECHO_DIR: echoDir },
    });
  });

  afterEach(async () => {
    await stack.dispose();
    fs.rmSync(echoDir, { recursive: true, force: true });
  });

  it("creates; a no-op up calls only Check and Diff, in a fresh host process", async () => {
    const program = echoProgram({ key: "a", value: "v1" });
    const first = await stack.up(program);
    expect(rowsOf(first)).toEqual(["create:a"]);
    expect(calls()).toEqual(["check:a", "create:a"]);
    expect(first.outputs).toEqual({ aId: "a-1", aGeneration: 1 });
    expect(first.state.resources).toEqual([
      expect.objectContaining({
        urn: "urn:pulumi:life::datasync::pulumi-nodejs:dynamic/harness:Echo::a",
        id: "a-1",
        outputs: expect.objectContaining({ key: "a", value: "v1", generation: 1, greeting: "hi" }),
      }),
    ]);
    expect(stack.state).toEqual(first.state); // written to the state file
    const firstPid = readCalls(echoDir)[0].pid;

    clearCalls(echoDir);
    const second = await stack.up(program);
    expect(rowsOf(second)).toEqual(["same:a"]);
    expect(calls()).toEqual(["check:a", "diff:a"]);
    expect(second.hostCalls).toMatchObject({
      configure: 1,
      check: 1,
      diff: 1,
      create: 0,
      update: 0,
      delete: 0,
    });
    expect(second.outputs).toEqual({ aId: "a-1", aGeneration: 1 });
    expect(readCalls(echoDir)[0]).toMatchObject({ method: "configure", greeting: "hi" });
    expect(readCalls(echoDir)[0].pid).not.toBe(firstPid);
    expect([first.hostPid, second.hostPid]).toEqual([firstPid, readCalls(echoDir)[0].pid]);
    expect(second.hostPeakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
  });

  it("updates in place when Diff reports changes without replacements", async () => {
    await stack.up(echoProgram({ key: "a", value: "v1" }));
    clearCalls(echoDir);
    const result = await stack.up(echoProgram({ key: "a", value: "v2", tags: { team: "data" } }));
    expect(calls()).toEqual(["check:a", "diff:a", "update:a"]);
    expect(result.rows).toEqual([
      expect.objectContaining({
        op: "update",
        name: "a",
        changed: ["tags", "value"],
        replaces: [],
        id: "a-1",
      }),
    ]);
    expect(result.outputs).toEqual({ aId: "a-1", aGeneration: 2 });
    expect(result.state.resources[0].inputs).toMatchObject({ value: "v2", tags: { team: "data" } });
  });

  it("replaces create-before-delete: the new one is created, the old deleted after the program", async () => {
    await stack.up(echoProgram({ key: "a", value: "v1" }));
    clearCalls(echoDir);
    const result = await stack.up(echoProgram({ key: "a2", value: "v1" }));
    // The engine checks once more for the replacement (no old inputs), as the real CLI does.
    expect(calls()).toEqual(["check:a2", "diff:a2", "check:a2", "create:a2", "delete:a"]);
    expect(result.rows).toEqual([
      expect.objectContaining({
        op: "replace",
        changed: ["key"],
        replaces: ["key"],
        deleteBeforeReplace: false,
        id: "a2-2",
      }),
    ]);
    expect(result.state.resources.map((r) => r.id)).toEqual(["a2-2"]);
    expect(fs.existsSync(objectFile("a-1"))).toBe(false);
  });

  it("replaces delete-before-create when Diff says deleteBeforeReplace or the resource option asks", async () => {
    await stack.up(echoProgram({ key: "a", dbr: true }));
    clearCalls(echoDir);
    const byDiff = await stack.up(echoProgram({ key: "a2", dbr: true }));
    expect(calls()).toEqual(["check:a2", "diff:a2", "check:a2", "delete:a", "create:a2"]);
    expect(byDiff.rows[0]).toMatchObject({ op: "replace", deleteBeforeReplace: true });

    await stack.up(echoProgram(undefined, { key: "b" }, { deleteBeforeReplace: true }));
    clearCalls(echoDir);
    await stack.up(echoProgram(undefined, { key: "b2" }, { deleteBeforeReplace: true }));
    expect(calls()).toEqual(["check:b2", "diff:b2", "check:b2", "delete:b", "create:b2"]);
  });

  it("previews with Check and Diff only: planned creates, updates, replaces and deletes, unknown outputs", async () => {
    const empty = await stack.preview(echoProgram({ key: "a", value: "v1" }));
    expect(calls()).toEqual(["check:a"]);
    expect(empty.rows).toEqual([expect.objectContaining({ op: "create", status: "planned" })]);
    expect(empty.outputs).toEqual({ aId: UNKNOWN_VALUE, aGeneration: UNKNOWN_VALUE });
    expect(empty.state.resources).toEqual([]);
    expect(fs.existsSync(stack.stateFile)).toBe(false);

    await stack.up(echoProgram({ key: "a", value: "v1" }, { key: "b" }));
    const before = fs.readFileSync(stack.stateFile, "utf8");
    clearCalls(echoDir);
    const changed = await stack.preview(echoProgram({ key: "a2", value: "v1" }));
    expect(rowsOf(changed)).toEqual(["delete:b", "replace:a"]);
    expect(changed.rows.every((r) => r.status === "planned")).toBe(true);
    const updated = await stack.preview(echoProgram({ key: "a", value: "v2" }, { key: "b" }));
    expect(rowsOf(updated)).toEqual(["same:b", "update:a"]);
    expect(updated.outputs).toMatchObject({ aId: "a-1", aGeneration: UNKNOWN_VALUE });
    expect(
      readCalls(echoDir)
        .map((c) => c.method)
        .filter((m) => !["configure", "check", "diff"].includes(m)),
    ).toEqual([]);
    expect(fs.readFileSync(stack.stateFile, "utf8")).toBe(before);
  });

  it("refresh reads every resource, records drift (inputs too) and drops what is gone", async () => {
    await stack.up(echoProgram({ key: "a", value: "v1" }, { key: "b" }));
    const bId = stack.state.resources.find((r) => r.name === "b")!.id;
    const drifted = { ...JSON.parse(fs.readFileSync(objectFile("a-1"), "utf8")), value: "edited-in-ui" };
    fs.writeFileSync(objectFile("a-1"), JSON.stringify(drifted));
    fs.rmSync(objectFile(bId));
    clearCalls(echoDir);

    const refreshed = await stack.refresh();
    // After each Read that finds the resource, the engine asks Diff(refreshed outputs, stored inputs).
    expect(calls().sort()).toEqual(["diff:a", "read:a-1", `read:${bId}`]);
    expect(rowsOf(refreshed)).toEqual(["refresh-changed:a", "refresh-gone:b"]);
    expect(refreshed.rows.find((r) => r.name === "a")!.changed).toEqual(["value"]);
    expect(refreshed.state.resources.map((r) => r.name)).toEqual(["a"]);
    expect(refreshed.state.resources[0].inputs.value).toBe("edited-in-ui");
    expect(refreshed.state.resources[0].outputs.value).toBe("edited-in-ui");

    // The next up sees the drift against the refreshed inputs and recreates what is gone.
    clearCalls(echoDir);
    const up = await stack.up(echoProgram({ key: "a", value: "v1" }, { key: "b" }));
    expect(rowsOf(up)).toEqual(["create:b", "update:a"]);

    const clean = await stack.refresh();
    expect(rowsOf(clean)).toEqual(["read:a", "read:b"]);
  });

  it("deletes resources the program no longer declares, dependents first, after the program", async () => {
    await stack.up(echoProgram({ key: "a" }, { key: "b" }));
    const b = stack.state.resources.find((r) => r.name === "b")!;
    expect(b.dependencies).toEqual(["urn:pulumi:life::datasync::pulumi-nodejs:dynamic/harness:Echo::a"]);
    clearCalls(echoDir);
    const result = await stack.up(() => ({}));
    expect(calls()).toEqual([`delete:b`, "delete:a"]);
    expect(rowsOf(result)).toEqual(["delete:a", "delete:b"]);
    expect(result.state.resources).toEqual([]);
    expect(result.hostStderr).toContain(`echo: deleting ${b.id}`);
  });

  it("destroy deletes everything in reverse dependency order and clears the outputs", async () => {
    await stack.up(echoProgram({ key: "a" }, { key: "b" }));
    clearCalls(echoDir);
    const result = await stack.destroy();
    expect(calls()).toEqual(["delete:b", "delete:a"]);
    expect(result.state.resources).toEqual([]);
    expect(result.state.outputs).toEqual({});
    expect(fs.readdirSync(echoDir).filter((f) => f.startsWith("object-"))).toEqual([]);
  });

  it("runs independent registrations in parallel", async () => {
    const program = () => {
      new Echo("p1", { key: "p1", sleepMs: 600 });
      new Echo("p2", { key: "p2", sleepMs: 600 });
    };
    await stack.up(program);
    const [c1, c2] = readCalls(echoDir).filter((c) => c.method === "create");
    expect(c1.startedAt!).toBeLessThan(c2.endedAt!);
    expect(c2.startedAt!).toBeLessThan(c1.endedAt!);
  });

  it("keeps a resource whose create failed with an id (ErrorResourceInitFailed) and updates it on the next up", async () => {
    const program = echoProgram({ key: "a", failCreate: "not ready" });
    const failure = await failureOf(stack.up(program));
    expect(failure.message).toContain("create failed: not ready");
    expect(failure.result.rows).toEqual([
      expect.objectContaining({ op: "create", status: "failed", id: "a-1" }),
    ]);
    expect(stack.state.resources).toEqual([
      expect.objectContaining({
        id: "a-1",
        initErrors: ["create failed: not ready"],
        outputs: expect.objectContaining({ key: "a" }),
      }),
    ]);

    clearCalls(echoDir);
    const retried = await stack.up(program);
    expect(calls()).toEqual(["check:a", "diff:a", "update:a"]); // Diff said no change; init errors force the update
    expect(rowsOf(retried)).toEqual(["update:a"]);
    expect(retried.state.resources[0].initErrors).toBeUndefined();
    expect(retried.state.resources[0].outputs.generation).toBe(2);
  });

  it("records nothing for a plain create error, lists every failure and keeps what succeeded", async () => {
    const program = () => {
      new Echo("ok", { key: "ok" });
      new Echo("bad1", { key: "bad1", failCreatePlain: "quota", sleepMs: 300 });
      new Echo("bad2", { key: "bad2", failCreatePlain: "denied", sleepMs: 300 });
    };
    const failure = await failureOf(stack.up(program));
    expect(failure.result.errors).toHaveLength(2);
    expect(failure.message).toContain('harness:Echo "bad1": create failed: quota');
    expect(failure.message).toContain('harness:Echo "bad2": create failed: denied');
    expect(stack.state.resources.map((r) => r.name)).toEqual(["ok"]);
  });

  it("a failed step stops the run: later registrations are not started and nothing is deleted", async () => {
    await stack.up(echoProgram({ key: "a" }, { key: "b" }));
    await stack
      .up(() => {
        new Echo("a", { key: "a" });
        new Echo("old", { key: "old" });
      })
      .catch(() => undefined);
    clearCalls(echoDir);
    const failure = await failureOf(
      stack.up(() => {
        const first = new Echo("a", { key: "a", value: "x", failUpdate: "boom" });
        new Echo("later", { key: "later", value: first.id });
      }),
    );
    expect(failure.result.errors).toEqual(['harness:Echo "a": update failed: boom']);
    expect(calls()).toEqual(["check:a", "diff:a", "update:a"]); // no create of "later", no delete of "old"
    expect(stack.state.resources.map((r) => r.name).sort()).toEqual(["a", "old"]);
    expect(stack.state.resources.find((r) => r.name === "a")!.initErrors).toEqual(["update failed: boom"]);
  });

  it("aborts on a check failure naming the property, in preview and up, before any create", async () => {
    const program = echoProgram({ key: "a", value: "invalid" });
    const previewed = await failureOf(stack.preview(program));
    expect(previewed.message).toContain("property value: value must not be 'invalid'");
    const up = await failureOf(stack.up(program));
    expect(up.message).toMatch(/harness:Echo "a": check failed: property value/);
    expect(calls()).toEqual(["check:a", "check:a"]);
    expect(stack.state.resources).toEqual([]);
  });

  it("reports a program that throws, and the program's log messages", async () => {
    const failure = await failureOf(
      stack.up(() => {
        void pulumi.log.info("about to fail");
        throw new Error("bad program");
      }),
    );
    expect(failure.result.errors).toEqual(["program failed: bad program"]);
    expect(failure.result.engineLogs).toEqual([{ severity: "info", message: "about to fail", urn: "" }]);
  });
});

describe("plan table", () => {
  it("shows operation, name, type, changed keys, __provider size, totals, outputs and errors", () => {
    const result: RunResult = {
      kind: "up",
      stack: "dev",
      ok: false,
      rows: [
        {
          urn: "u1",
          name: "src",
          type: "pulumi-nodejs:dynamic/posthog:ExternalDataSource",
          op: "update",
          status: "done",
          changed: ["description"],
          replaces: [],
          providerBytes: 2210,
        },
        {
          urn: "u2",
          name: "run",
          type: "pulumi-nodejs:dynamic/workiva:Refresh",
          op: "replace",
          status: "failed",
          changed: ["triggers"],
          replaces: ["triggers"],
          providerBytes: 2190,
          deleteBeforeReplace: false,
          error: "x",
        },
        {
          urn: "u3",
          name: "old",
          type: "pulumi-nodejs:dynamic/posthog:SourceWebhook",
          op: "delete",
          status: "done",
          changed: [],
          replaces: [],
          providerBytes: 0,
        },
      ],
      totals: { update: 1, replace: 1, delete: 1 },
      errors: ['workiva:Refresh "run": connection c1 failed'],
      outputs: { url: "https://example.test/hook", token: "s3cret" },
      secretOutputs: ["token"],
      state: { version: 1, project: "p", stack: "dev", resources: [], outputs: {}, secretOutputs: [] },
      durationMs: 1234,
      hostCalls: { configure: 1, check: 2, diff: 2, create: 1, read: 0, update: 1, delete: 1 },
      hostStdout: "",
      hostStderr: "",
      engineLogs: [],
    };
    const text = formatPlan(result);
    expect(text).toContain('up of stack "dev": FAILED in 1.23 s');
    expect(text).toMatch(/~\s+update\s+src\s+posthog:ExternalDataSource\s+description\s+2210 B\s+done/);
    expect(text).toMatch(
      /\+-\s+replace\s+run\s+workiva:Refresh\s+triggers \(replace: triggers\)\s+2190 B\s+failed/,
    );
    expect(text).toMatch(/-\s+delete\s+old\s+posthog:SourceWebhook\s+-\s+-\s+done/);
    expect(text).toContain("Totals: update 1, replace 1, delete 1");
    expect(text).toContain("url: https://example.test/hook");
    expect(text).toContain("token: [secret]");
    expect(text).not.toContain("s3cret");
    expect(text).toContain('workiva:Refresh "run": connection c1 failed');
  });
});
