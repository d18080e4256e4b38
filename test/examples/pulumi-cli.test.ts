/**
 * The quickstart under the REAL Pulumi CLI (Automation API, local file backend), against the
 * emulator. Runs only where `pulumi` is on PATH; everywhere else it is skipped and says why (the
 * CLI cannot be installed on our build machines, so the harness tests carry the proof there).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { startEmulator, type Emulator } from "../emulator";

const REPO = path.resolve(__dirname, "../..");
const pulumiVersion = spawnSync("pulumi", ["version"], { encoding: "utf8" });
const hasPulumi = pulumiVersion.status === 0;
const SKIP_REASON = "the `pulumi` CLI is not on PATH on this machine";
if (!hasPulumi) console.warn(`SKIPPED: quickstart under the real Pulumi CLI: ${SKIP_REASON}.`);

/** A copy of the quickstart whose node_modules holds this repo's packages plus pulumi-datasync itself. */
function prepareProgramDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "datasync-cli-"));
  fs.copyFileSync(path.join(REPO, "examples/quickstart/index.ts"), path.join(dir, "index.ts"));
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(REPO, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(REPO, "node_modules", entry), path.join(modules, entry));
  }
  fs.symlinkSync(REPO, path.join(modules, "pulumi-datasync"));
  return dir;
}

(hasPulumi ? describe : describe.skip)(
  `quickstart with the real Pulumi CLI${hasPulumi ? "" : ` (skipped: ${SKIP_REASON})`}`,
  () => {
    let emulator: Emulator;
    let programDir: string;
    let backendDir: string;

    beforeAll(async () => {
      emulator = await startEmulator({ port: 0, workiva: { runMs: 300 } });
      programDir = prepareProgramDir();
      backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "datasync-backend-"));
    });
    afterAll(async () => {
      await emulator.stop();
      fs.rmSync(programDir, { recursive: true, force: true });
      fs.rmSync(backendDir, { recursive: true, force: true });
    });

    it("preview, up, no-op up, change, refresh and destroy behave as in the harness", async () => {
      const project = "datasync-quickstart";
      const envVars = {
        PULUMI_CONFIG_PASSPHRASE: "datasync-test",
        PULUMI_BACKEND_URL: `file://${backendDir}`,
        DATASYNC_WORKIVA_POLL_MS: "50,200",
      };
      const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: "cli", workDir: programDir },
        {
          envVars,
          projectSettings: {
            name: project,
            main: "index.ts",
            // TypeScript through tsx rather than the SDK's vendored ts-node/TypeScript 3.8.
            runtime: { name: "nodejs", options: { typescript: false, nodeargs: "--require tsx/cjs" } },
          },
        },
      );
      for (const [key, value] of Object.entries(emulator.config)) {
        await stack.setConfig(key, { value, secret: /apiKey|Secret/.test(key) });
      }
      await stack.setConfig("stripeSecretKey", { value: "sk_test_cli", secret: true });

      let mark = emulator.log.entries.length;
      const preview = await stack.preview();
      expect(preview.changeSummary.create).toBe(5); // 4 resources + the stack
      expect(emulator.log.entries.slice(mark).filter((e) => e.method !== "GET")).toHaveLength(0);

      const up = await stack.up();
      expect(up.summary.result).toBe("succeeded");
      expect(up.outputs.refreshStatus.value).toBe("complete");

      mark = emulator.log.entries.length;
      const again = await stack.up();
      expect(again.summary.resourceChanges).toEqual({ same: 5 });
      expect(emulator.log.entries.length - mark).toBe(0);

      await stack.setConfig("chargeSyncFrequency", { value: "1hour" });
      const changed = await stack.up();
      expect(changed.summary.resourceChanges).toMatchObject({ update: 1, replace: 1 });

      await stack.refresh();
      const afterRefresh = await stack.preview();
      expect(afterRefresh.changeSummary).toEqual({ same: 5 });

      await stack.destroy();
      expect(emulator.posthog.sources()).toHaveLength(0);
    });
  },
);
