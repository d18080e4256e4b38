/**
 * examples/quickstart (the file itself) through the REAL Pulumi CLI against the emulator: what a
 * user reviews in `pulumi preview`, what `pulumi up` does and costs in API calls, a no-op up, one
 * setting change, drift seen by `pulumi refresh`, `pulumi stack export` and `pulumi destroy`.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../emulator";
import { changesOf, diagnosticsOf, displayRows, opsOf } from "./cli-project";
import { CountedProject, describeWithCli, expectOk } from "./setup";
import { assertCleanExport } from "./export-checks";

const PROGRAM = path.resolve(__dirname, "../../examples/quickstart");
const STRIPE_KEY = "sk_test_cli_quickstart_9f3a";

describeWithCli("examples/quickstart through the real engine", (cli) => {
  let emulator: Emulator;
  let p: CountedProject;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, workiva: { runMs: 300 } });
    p = await CountedProject.create(cli, emulator, "examples/quickstart", {
      programDir: PROGRAM,
      config: { ...emulator.config, stripeSecretKey: STRIPE_KEY },
      secretKeys: ["posthog:apiKey", "workiva:clientSecret", "stripeSecretKey"],
      env: { DATASYNC_WORKIVA_POLL_MS: "50,200" },
    });
  });
  afterAll(async () => {
    p?.dispose();
    await emulator?.stop();
  });

  it("preview lists the four creates, shows the Stripe key as [secret] and writes nothing", async () => {
    const preview = await p.preview(["--diff"]);
    expectOk(preview);
    expect(opsOf(preview)).toEqual({
      stripe: "create",
      "stripe-subscriptions": "create",
      "stripe-webhook": "create",
      "finance-reports": "create",
    });
    expect(preview.output).toMatch(/\+ 5 to create/);
    expect(preview.output).toMatch(/jobInputs\s*:\s*\[secret\]/);
    expect(preview.output).not.toContain(STRIPE_KEY);
    expect(preview.calls.writes).toBe(0);
  });

  it("up creates everything; the refresh completes; the export holds no secret, small __provider, no path", async () => {
    const up = await p.up();
    expectOk(up);
    expect(changesOf(up)).toEqual({ create: 5 });
    expect(up.output).not.toContain(STRIPE_KEY);
    const outputs = await p.project.outputs();
    expect(outputs.refreshStatus).toBe("complete");
    expect(emulator.posthog.sources()).toHaveLength(1);
    const source = emulator.posthog.sources()[0];
    const synced = source.schemas.filter((s) => s.should_sync).map((s) => s.name);
    expect(synced.sort()).toEqual(["Charge", "Customer", "Invoice", "Subscription"]);
    const postSources = up.calls.list.filter((c) => /^POST .*external_data_sources\/?$/.test(c));
    expect(postSources).toHaveLength(1);
    // Progress the user sees while the provider works: ephemeral engine log messages from the
    // provider host, shown on the stack's row (the host gives a provider no URN of its resource).
    expect(up.output).toMatch(
      /pulumi:pulumi:Stack \S+ creating \(\d+s\) workiva refresh conn-sales-1 \(\+4\): \d\/5 complete, \d running/,
    );
    expect(up.output).toMatch(/workiva refresh conn-sales-1 \(\+4\): 5\/5 complete, 0 running/);
    expect(up.output).toMatch(/posthog source [0-9a-f-]{36}: \d+ table\(s\) applied/);
    const progress = diagnosticsOf(up).filter((d) => /workiva refresh|posthog source/.test(d.message));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((d) => d.ephemeral && d.severity === "info")).toBe(true);

    const exported = await p.project.exportStack();
    assertCleanExport(exported, [
      STRIPE_KEY,
      emulator.config["posthog:apiKey"],
      emulator.config["workiva:clientSecret"],
    ]);
  });

  it("a second up is a no-op with zero API calls", async () => {
    const again = await p.up();
    expectOk(again);
    expect(changesOf(again)).toEqual({ same: 5 });
    expect(again.calls.total).toBe(0);
  });

  it("one setting change: preview names the changed property and the forced replacement; up makes the minimum calls", async () => {
    await p.project.setConfig({ chargeSyncFrequency: "1hour" });
    const preview = await p.preview(["--show-replacement-steps"]);
    expectOk(preview);
    expect(opsOf(preview)).toEqual({
      stripe: "update",
      "stripe-subscriptions": "same",
      "stripe-webhook": "same",
      "finance-reports": "replace",
    });
    // What the user reads: the update names the property, the replacement the one that forces it,
    // and create-before-delete order (the new refresh runs before the old record goes).
    const rows = displayRows(preview.output).map(
      (r) => `${r.symbol} ${r.name} ${r.status} [${r.diff.join(" ")}]`,
    );
    expect(rows).toEqual([
      "~ stripe update [~schemas]",
      "++ finance-reports create replacement [~triggers]",
      "+- finance-reports replace [~triggers]",
      "-- finance-reports delete original [~triggers]",
    ]);
    expect(preview.calls.writes).toBe(0);

    const up = await p.up();
    expectOk(up);
    expect(opsOf(up)).toMatchObject({ stripe: "update", "finance-reports": "replace" });
    // Our minimum: one bulk_update_schemas at PostHog; 3 refresh requests for the 5 connections.
    const posthog = up.calls.list.filter((c) => c.includes("/api/projects/"));
    expect(posthog).toEqual([expect.stringMatching(/^PATCH .*bulk_update_schemas\/?$/)]);
    expect(up.calls.list.filter((c) => /^POST .*refresh\/?$/.test(c))).toHaveLength(3);
  });

  it("refresh after an edit made in PostHog shows the drift, writes nothing, and the next up puts it back", async () => {
    const source = emulator.posthog.sources()[0];
    const invoice = source.schemas.find((s) => s.name === "Invoice")!;
    emulator.posthog.updateSchema(invoice.id, { sync_frequency: "7day" });
    const refresh = await p.refresh();
    expectOk(refresh);
    expect(refresh.calls.writes).toBe(0);
    expect(opsOf(refresh, true)).toMatchObject({ stripe: "update", "stripe-webhook": "same" });
    expect(refresh.output).toMatch(/~ +\S+ExternalDataSource stripe updated .*\[diff: ~schemas\]/);
    const preview = await p.preview();
    expect(
      displayRows(preview.output).map((r) => `${r.symbol} ${r.name} ${r.status} [${r.diff.join(" ")}]`),
    ).toEqual(["~ stripe update [~schemas]"]);
    const up = await p.up();
    expectOk(up);
    expect(opsOf(up).stripe).toBe("update");
    expect(emulator.posthog.schema(invoice.id)!.sync_frequency).toBe("24hour");
  });

  it("destroy leaves nothing at the emulator", async () => {
    const destroy = await p.destroy();
    expectOk(destroy);
    expect(changesOf(destroy)).toEqual({ delete: 5 });
    expect(emulator.posthog.sources()).toHaveLength(0);
    const exported = await p.project.exportStack();
    expect(exported.deployment.deployment.resources ?? []).toEqual([]);
  });
});
