/**
 * examples/postgres-incremental and examples/refresh-from-connection (the files themselves)
 * through the REAL Pulumi CLI against the emulator: preview, up, no-op up, one setting change
 * with its calls counted, refresh, a clean `stack export`, destroy.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../emulator";
import { changesOf, displayRows, opsOf } from "./cli-project";
import { assertCleanExport } from "./export-checks";
import { CountedProject, describeWithCli, expectOk } from "./setup";

const example = (name: string) => path.resolve(__dirname, "../../examples", name);
const rowsOf = (output: string) =>
  displayRows(output).map((r) => `${r.symbol} ${r.name} ${r.status} [${r.diff.join(" ")}]`);

describeWithCli("examples through the real engine", (cli) => {
  let emulator: Emulator;
  let p: CountedProject | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, workiva: { runMs: 300 } });
  });
  afterEach(() => p?.dispose());
  afterAll(async () => {
    await emulator?.stop();
  });

  it("examples/postgres-incremental: creates, no-op, a resync on a version bump, refresh, destroy", async () => {
    const password = "pg-cli-pass-7f2c";
    p = await CountedProject.create(cli, emulator, "examples/postgres-incremental", {
      programDir: example("postgres-incremental"),
      config: { ...emulator.config, dbHost: "db.internal", dbPassword: password },
      secretKeys: ["posthog:apiKey", "workiva:clientSecret", "dbPassword"],
    });
    const preview = await p.preview(["--diff"]);
    expectOk(preview);
    expect(opsOf(preview)).toEqual({ "app-db": "create", "app-events": "create" });
    expect(preview.output).toMatch(/jobInputs\s*:\s*\[secret\]/);
    expect(preview.output).not.toContain(password);
    expect(preview.calls.writes).toBe(0);

    const up = await p.up();
    expectOk(up);
    expect(changesOf(up)).toEqual({ create: 3 });
    expect((await p.project.outputs()).eventsIncrementalFieldType).toBe("timestamp"); // PostHog stores the field_type
    assertCleanExport(await p.project.exportStack(), [password, emulator.config["posthog:apiKey"]]);

    const again = await p.up();
    expectOk(again);
    expect(changesOf(again)).toEqual({ same: 3 });
    expect(again.calls.total).toBe(0);

    await p.project.setConfig({ eventsBackfillVersion: "v2" });
    const bumpPreview = await p.preview();
    expect(rowsOf(bumpPreview.output)).toEqual(["~ app-events update [~resyncTriggers]"]);
    const bumped = await p.up();
    expectOk(bumped);
    expect(bumped.calls.list).toEqual(["POST /api/projects/:n/external_data_schemas/:id/resync/"]);

    const refresh = await p.refresh(["--skip-preview"]);
    expectOk(refresh);
    expect(refresh.calls.writes).toBe(0);
    expect(Object.values(opsOf(refresh, true)).every((op) => op === "same")).toBe(true);

    const destroy = await p.destroy();
    expectOk(destroy);
    expect(changesOf(destroy)).toEqual({ delete: 3 });
    expect(destroy.calls.list.filter((c) => c.endsWith("/delete_data/"))).toHaveLength(1);
    expect(emulator.posthog.sources().some((s) => s.prefix === "app_")).toBe(false);
  });

  it("examples/refresh-from-connection: one batch, no rerun on a no-op, a rerun when the period moves on", async () => {
    p = await CountedProject.create(cli, emulator, "examples/refresh-from-connection", {
      programDir: example("refresh-from-connection"),
      config: { ...emulator.config },
      secretKeys: ["posthog:apiKey", "workiva:clientSecret"],
      env: { DATASYNC_WORKIVA_POLL_MS: "50,200" },
    });
    const refreshPosts = (calls: string[]) => calls.filter((c) => /^POST .*\/refresh$/.test(c));
    const preview = await p.preview();
    expectOk(preview);
    expect(opsOf(preview)).toEqual({ "month-end-close": "create" });
    expect(preview.calls.writes).toBe(1); // the token exchange of getConnection (a POST that reads)
    expect(refreshPosts(preview.calls.list)).toEqual([]);

    const up = await p.up();
    expectOk(up);
    expect(await p.project.outputs()).toMatchObject({ workbook: "wb-finance-close", status: "complete" });
    expect(refreshPosts(up.calls.list)).toEqual(["POST /s/wdata/prep/api/v1/connections/batch/refresh"]);

    // No-op: only getConnection's reads (in preview and in up), no refresh.
    const again = await p.up();
    expectOk(again);
    expect(changesOf(again)).toEqual({ same: 2 });
    expect(refreshPosts(again.calls.list)).toEqual([]);
    expect(again.calls.list.filter((c) => !/^(GET |POST \/oauth2\/token)/.test(c))).toEqual([]);

    await p.project.setConfig({ closePeriod: "2026-11" });
    const next = await p.up();
    expectOk(next);
    expect(opsOf(next)).toEqual({ "month-end-close": "replace" });
    expect(next.output).toMatch(/\+- .*month-end-close replaced .*\[diff: ~triggers\]/);
    expect(refreshPosts(next.calls.list)).toHaveLength(1);
    assertCleanExport(await p.project.exportStack(), [emulator.config["workiva:clientSecret"]]);

    const destroy = await p.destroy();
    expectOk(destroy);
    expect(destroy.calls.writes).toBe(0); // deleting a Refresh record calls nothing
  });
});
