/**
 * Faults through the REAL engine, with examples/quickstart (the file itself):
 * - `pulumi up` killed (the CLI and its process group, SIGKILL) while the Workiva refresh runs,
 *   then `pulumi cancel` + `pulumi up`: no duplicate, no orphan, nothing pending;
 * - killed right after PostHog received the source's POST: the next `up` creates no second source
 *   and its error names the source left behind and how to adopt it;
 * - a Refresh whose connection fails fails `up`, naming the connection, and the next `up` retries it.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../emulator";
import { changesOf, opsOf } from "./cli-project";
import { CountedProject, describeWithCli, expectOk } from "./setup";

const PROGRAM = path.resolve(__dirname, "../../examples/quickstart");
/** Connections the quickstart's Refresh runs. */
const QUICKSTART_CONNECTIONS = 5;

describeWithCli("faults through the real engine (examples/quickstart)", (cli) => {
  let emulator: Emulator;
  let p: CountedProject;

  const newProject = async (label: string) =>
    CountedProject.create(cli, emulator, label, {
      programDir: PROGRAM,
      config: { ...emulator.config, stripeSecretKey: "sk_test_cli_faults_1" },
      secretKeys: ["posthog:apiKey", "workiva:clientSecret", "stripeSecretKey"],
      env: { DATASYNC_WORKIVA_POLL_MS: "50,200" },
    });
  const posted = (from: number, re: RegExp) =>
    emulator.log.entries.slice(from).some((e) => e.method === "POST" && re.test(e.path));

  /**
   * The engine keeps the interrupted create in `pending_operations` even after the next `up`
   * created the resource (it asks for an interactive `pulumi refresh`); `pulumi refresh
   * --clear-pending-creates` drops it, reading only.
   */
  const expectStalePendingCreateCleared = async (name: string) => {
    const pendingNames = async () =>
      ((await p.project.exportStack()).deployment.deployment.pending_operations ?? []).map(
        (o) => `${o.type} ${o.resource.urn.split("::").pop()}`,
      );
    expect(await pendingNames()).toEqual([`creating ${name}`]);
    const cleared = await p.refresh(["--clear-pending-creates", "--skip-preview"]);
    expectOk(cleared);
    expect(cleared.calls.writes).toBe(0);
    expect(await pendingNames()).toEqual([]);
  };

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, workiva: { runMs: 300 } });
  });
  afterEach(() => p?.dispose());
  afterAll(async () => {
    await emulator?.stop();
  });

  it("up killed while the refresh runs, then cancel + up: the refresh reruns once, nothing duplicated, orphaned or pending", async () => {
    emulator.reset();
    emulator.workiva.setRunMs(3000);
    p = await newProject("examples/quickstart (killed up)");
    // Killed once every connection's run has started (a batch and single refreshes are separate
    // requests: killed at the first, a loaded machine may not have sent the others yet).
    const started = () => new Set(emulator.workiva.runs().map((run) => run.connectionId)).size;
    const interrupted = await p.counted((project) =>
      project.run(["up", "--yes"], {
        killWhen: () => started() >= QUICKSTART_CONNECTIONS,
      }),
    );
    expect(interrupted.signal).toBe("SIGKILL");
    expect(p.project.killLeftovers()).toBeGreaterThan(0); // the provider host outlived the CLI
    const pending = (await p.project.exportStack()).deployment.deployment.pending_operations ?? [];
    expect(pending.map((o) => `${o.type} ${o.resource.urn.split("::").pop()}`)).toEqual([
      "creating finance-reports",
    ]);

    const locked = await p.up();
    expect(locked.calls.total).toBe(0); // nothing left running
    expect(locked.code).not.toBe(0);
    expect(locked.output).toContain("the stack is currently locked");
    expect((await p.counted((project) => project.run(["cancel", "--yes"]))).code).toBe(0);

    emulator.workiva.setRunMs(300);
    const again = await p.up();
    expectOk(again);
    expect(again.output).toContain("interrupted while creating");
    expect(opsOf(again)).toEqual({
      stripe: "same",
      "stripe-subscriptions": "same",
      "stripe-webhook": "same",
      "finance-reports": "create",
    });
    expect(changesOf(again)).toMatchObject({ create: 1 });
    // No orphan, no duplicate: one source; each connection ran once for the interrupted up and
    // once for the retry (never two at a time: Workiva refuses a second concurrent run).
    expect(emulator.posthog.sources()).toHaveLength(1);
    const runsPer = new Map<string, number>();
    for (const run of emulator.workiva.runs())
      runsPer.set(run.connectionId, (runsPer.get(run.connectionId) ?? 0) + 1);
    expect([...runsPer.values()]).toEqual(Array(QUICKSTART_CONNECTIONS).fill(2));
    const exported = (await p.project.exportStack()).deployment.deployment;
    expect(
      (exported.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")),
    ).toHaveLength(4);
    await expectStalePendingCreateCleared("finance-reports");
    expect((await p.project.outputs()).refreshStatus).toBe("complete");

    const noop = await p.up();
    expectOk(noop);
    expect(noop.calls.total).toBe(0);
    expectOk(await p.destroy());
    expect(emulator.posthog.sources()).toHaveLength(0);
  });
  it("up killed right after PostHog received the source's POST: the next up creates no second source and names the one left behind", async () => {
    emulator.reset();
    p = await newProject("examples/quickstart (killed at the source POST)");
    const mark = emulator.log.entries.length;
    const interrupted = await p.counted((project) =>
      project.run(["up", "--yes"], { killWhen: () => posted(mark, /external_data_sources\/$/) }),
    );
    expect(interrupted.signal).toBe("SIGKILL");
    p.project.killLeftovers();
    expect((await p.counted((project) => project.run(["cancel", "--yes"]))).code).toBe(0);
    const [leftBehind] = emulator.posthog.sources();
    const again = await p.up();
    expect(again.code).not.toBe(0);
    // The engine told the provider nothing about its pending create (and `pulumi refresh
    // --import-pending-creates` reads nothing for dynamic resources): the provider refuses to
    // create a second source and names the one to adopt.
    expect(again.output).toContain("interrupted while creating");
    expect(again.output).toContain(`existingSourceId: "${leftBehind.id}"`);
    expect(emulator.posthog.sources()).toHaveLength(1);
    expect(emulator.workiva.runs()).toHaveLength(0);
    // The user's way out is the one the error names; deleting the source at PostHog is the other.
    emulator.posthog.deleteSource(leftBehind.id);
    const retried = await p.up();
    expectOk(retried);
    expect(emulator.posthog.sources()).toHaveLength(1);
    await expectStalePendingCreateCleared("stripe");
    expectOk(await p.destroy());
    expect(emulator.posthog.sources()).toHaveLength(0);
  });

  it("a failed Workiva refresh fails up naming the connection; the next up retries it and succeeds", async () => {
    emulator.reset();
    p = await newProject("examples/quickstart (failed refresh)");
    emulator.workiva.failConnection("conn-esg-1", "ESG source file is missing", 1);
    const failed = await p.up();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/finance-reports \*\*creating failed\*\*/);
    expect(failed.output).toContain("conn-esg-1");
    expect(failed.output).toContain("ESG source file is missing");
    const stored = (await p.project.exportStack()).deployment.deployment.resources ?? [];
    expect(stored.find((r) => r.urn.endsWith("::finance-reports"))?.initErrors?.[0]).toContain("conn-esg-1");

    const retried = await p.up();
    expectOk(retried);
    expect(opsOf(retried)["finance-reports"]).toBe("update");
    const refreshPosts = retried.calls.list.filter((c) => /^POST .*refresh$/.test(c));
    expect(refreshPosts.length).toBeGreaterThan(0);
    expect((await p.project.outputs()).refreshStatus).toBe("complete");
    expectOk(await p.destroy());
  });
});
