/**
 * test/cli/programs/adversarial through the REAL engine: a secret full of quoting hazards stays
 * [secret] and out of the export; a prefix change is a replacement the preview attributes to
 * `prefix` (create before delete, nothing left of the old source); an invalid setting stops
 * preview and up before any API call, naming the property and the allowed values.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../emulator";
import { changesOf, displayRows, opsOf, stepsOf } from "./cli-project";
import { assertCleanExport } from "./export-checks";
import { CountedProject, describeWithCli, expectOk } from "./setup";

const PROGRAM = path.resolve(__dirname, "programs/adversarial");
/** Quotes, backslashes, a dollar, a newline and non-ASCII: every layer must keep it opaque. */
const PASSWORD = `p"a's\\w$HOME\n-ü-密-${"x".repeat(8)}`;

describeWithCli("adversarial program through the real engine", (cli) => {
  let emulator: Emulator;
  let p: CountedProject;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    p = await CountedProject.create(cli, emulator, "test/cli/programs/adversarial", {
      programDir: PROGRAM,
      config: { ...emulator.config, dbPassword: PASSWORD, stage: "1" },
      secretKeys: ["posthog:apiKey", "workiva:clientSecret", "dbPassword"],
    });
  });
  afterAll(async () => {
    p?.dispose();
    await emulator?.stop();
  });

  it("a hazardous secret stays [secret] in preview and out of the export", async () => {
    const preview = await p.preview(["--diff"]);
    expectOk(preview);
    expect(preview.output).toMatch(/jobInputs\s*:\s*\[secret\]/);
    expect(preview.output).not.toContain("密");
    expect(preview.calls.writes).toBe(0);
    const up = await p.up();
    expectOk(up);
    expect(changesOf(up)).toEqual({ create: 3 });
    expect(up.output).not.toContain("密");
    expect(emulator.posthog.sources()[0].stored_job_inputs.password).toBe(PASSWORD);
    assertCleanExport(await p.project.exportStack(), [PASSWORD, "-ü-密-", emulator.config["posthog:apiKey"]]);
  });

  it("a prefix change: preview names prefix as the cause of the replacement; up leaves no old source", async () => {
    const [old] = emulator.posthog.sources();
    await p.project.setConfig({ stage: "2" });
    const preview = await p.preview();
    expectOk(preview);
    const steps = stepsOf(preview).filter((s) => s.op === "replace");
    expect(Object.fromEntries(steps.map((s) => [s.name, s.replaceKeys]))).toEqual({
      "adv-source": ["prefix"],
      "adv-events": ["sourceId"],
    });
    const sourceRow = displayRows(preview.output).find((r) => r.name === "adv-source" && r.symbol === "+-")!;
    expect(sourceRow.diff).toEqual(expect.arrayContaining(["~prefix", "~description"]));
    expect(preview.calls.writes).toBe(0);

    const up = await p.up();
    expectOk(up);
    expect(opsOf(up)).toEqual({ "adv-source": "replace", "adv-events": "replace" });
    const sources = emulator.posthog.sources();
    expect(sources.map((s) => s.prefix)).toEqual(["adv2_"]);
    expect(emulator.posthog.source(old.id)?.deleted ?? true).toBe(true);
    expect(sources[0].schemas.find((s) => s.name === "events")?.should_sync).toBe(true);
  });

  it("an invalid setting stops preview and up before any API call, naming the property and the allowed values", async () => {
    await p.project.setConfig({ stage: "invalid" });
    for (const run of [await p.preview(), await p.up()]) {
      expect(run.code).not.toBe(0);
      expect(run.output).toContain("schemas[0].syncFrequency");
      expect(run.output).toMatch(/allowed values: never, 5min/);
      expect(run.calls.total).toBe(0);
    }
    await p.project.setConfig({ stage: "2" });
    const back = await p.up();
    expectOk(back);
    expect(back.calls.total).toBe(0);
  });

  it("destroy leaves nothing", async () => {
    expectOk(await p.destroy());
    expect(emulator.posthog.sources()).toEqual([]);
  });
});
