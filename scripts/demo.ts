/**
 * `npm run demo`: starts the built-in emulator and runs the quickstart (examples/quickstart) step
 * by step: through the REAL Pulumi CLI when it is built (`npm run pulumi:install`) or on PATH,
 * printing its own preview and up output; otherwise through the real dynamic-provider host driven
 * by our harness, and it says so. Prints which API calls each step made, and exits non-zero if any
 * step differs from what it should do.
 */
import { startEmulator } from "../test/emulator";
import { runCliStory } from "./demo/cli-story";
import { runQuickstartStory } from "./demo/quickstart-story";
import { findPulumiCli } from "./pulumi-cli/locate";

async function main(): Promise<number> {
  const emulator = await startEmulator({ port: 0, workiva: { runMs: 1500 } });
  console.log(`Emulator of PostHog and Workiva on ${emulator.url} (nothing leaves this machine).`);
  const cli = process.env.DATASYNC_DEMO_HARNESS === "1" ? undefined : findPulumiCli();
  if (cli) {
    console.log(`Using the real Pulumi CLI ${cli.version} (${cli.pulumi}).`);
    try {
      const reports = await runCliStory(cli, emulator, (text) => console.log(text));
      const failed = reports.flatMap((r) =>
        r.checks.filter((c) => !c.ok).map((c) => `${r.title}: ${c.what}`),
      );
      const passed = reports.reduce((n, r) => n + r.checks.filter((c) => c.ok).length, 0);
      console.log(
        `\ndemo (real Pulumi CLI): ${reports.length} steps, ${passed} checks passed, ${failed.length} failed`,
      );
      for (const f of failed) console.log(`  FAILED: ${f}`);
      return failed.length === 0 && reports.length === 6 ? 0 : 1;
    } finally {
      await emulator.stop();
    }
  }
  console.log(
    "No Pulumi CLI here (run `npm run pulumi:install`, which needs Go, or put `pulumi` on PATH): " +
      "the story runs on the real dynamic-provider host driven by our test harness instead of the CLI.",
  );
  try {
    const reports = await runQuickstartStory(emulator, (text) => console.log(text));
    const failed = reports.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.title}: ${c.what}`));
    const passed = reports.reduce((n, r) => n + r.checks.filter((c) => c.ok).length, 0);
    console.log(`\ndemo: ${reports.length} steps, ${passed} checks passed, ${failed.length} failed`);
    for (const f of failed) console.log(`  FAILED: ${f}`);
    return failed.length === 0 && reports.length === 6 ? 0 : 1;
  } finally {
    await emulator.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
