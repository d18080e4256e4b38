/**
 * The README's install example is run as it is written there (taken from README.md at test time,
 * so the two cannot drift), through the provider host against the emulator; and the README shows
 * jobInputs for the common source types, each valid against the field definitions.
 */
import * as fs from "fs";
import * as path from "path";
import type { Emulator } from "../emulator";
import { startEmulator } from "../emulator";
import { Stack } from "../harness";
import { HARNESS_ROOT, REPO_ROOT } from "../harness/workspace";
import { expectNoLeaks, requireBuild } from "./support";
import { builtInDefinitions } from "../../provider/posthog/config/catalogue";
import { jobInputsFailures } from "../../provider/posthog/config/job-inputs-check";

const README = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

/** The first ```ts block after `heading`. */
function snippetAfter(heading: string): string {
  const start = README.indexOf(heading);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const match = /```ts\n([\s\S]*?)```/.exec(README.slice(start));
  if (!match) throw new Error(`README has no ts block after "${heading}"`);
  return match[1];
}

const PROJECT = "datasync-readme";
const STRIPE_KEY = "rk_test_readme_example";

describe("README: Install into your program", () => {
  let emulator: Emulator;
  let stack: Stack;
  let programFile: string;

  beforeAll(async () => {
    requireBuild();
    emulator = await startEmulator({ port: 0, posthog: { jobMs: 100 }, workiva: { runMs: 200 } });
    const dir = path.join(HARNESS_ROOT, `readme-example-${process.pid}`);
    fs.mkdirSync(dir, { recursive: true });
    programFile = path.join(dir, "index.ts");
    fs.writeFileSync(programFile, snippetAfter("## Install into your program"));
  });
  afterAll(async () => {
    await stack?.dispose();
    await emulator.stop();
    fs.rmSync(path.dirname(programFile), { recursive: true, force: true });
  });

  it("runs as written: the Stripe source and its tables, then the Workiva refresh; a second up changes nothing", async () => {
    stack = new Stack({
      name: "readme",
      project: PROJECT,
      config: { ...emulator.config, [`${PROJECT}:stripeSecretKey`]: STRIPE_KEY },
      secretConfigKeys: ["posthog:apiKey", "workiva:clientSecret", `${PROJECT}:stripeSecretKey`],
      env: { DATASYNC_WORKIVA_POLL_MS: "50,200" },
    });
    const up = await stack.up(programFile);
    expect(up.errors).toEqual([]);
    expect(up.totals).toEqual({ create: 2 });
    const source = emulator.posthog.sources().find((s) => s.prefix === "stripe_");
    expect(source?.stored_job_inputs).toMatchObject({
      auth_method: { selection: "api_key", stripe_secret_key: STRIPE_KEY },
    });
    expect(source?.schemas.find((s) => s.name === "Customer")).toMatchObject({
      should_sync: true,
      sync_type: "append",
      incremental_field: "created",
      sync_frequency: "1hour",
    });
    expect(source?.schemas.find((s) => s.name === "Invoice")).toMatchObject({
      sync_type: "full_refresh",
      sync_time_of_day: "02:00:00",
    });
    expectNoLeaks(up, [STRIPE_KEY]);

    const again = await stack.up(programFile);
    expect(again.totals).toEqual({ same: 2 });
  });
});

describe("README: jobInputs of the common source types", () => {
  /** Each `// Type: ...` chunk of the jobInputs example block, evaluated with a stand-in config. */
  const chunks = new Map<string, Record<string, unknown>>();
  const block = snippetAfter("### jobInputs");
  for (const chunk of block.split(/^(?=\/\/ )/m)) {
    const type = /^\/\/ (\w+)/.exec(chunk)?.[1];
    if (!type) continue;
    const config = { requireSecret: (key: string) => `secret-${key}`, require: (key: string) => key };
    const value = new Function("config", `return ({ ${chunk.replace(/^\/\/.*$/gm, "")} });`)(config);
    chunks.set(type, value.jobInputs as Record<string, unknown>);
  }

  it.each(["Stripe", "Postgres", "Snowflake", "BigQuery", "Hubspot"])(
    "shows %s jobInputs that pass the check against its field definitions",
    (type) => {
      const jobInputs = chunks.get(type);
      expect(jobInputs).toBeDefined();
      const definition = builtInDefinitions().get(type)!;
      expect(jobInputsFailures(definition, jobInputs!, { requireFields: true })).toEqual([]);
    },
  );
});
