/**
 * `npm run demo`: starts the built-in emulator, runs the quickstart (examples/quickstart) through
 * the real Pulumi dynamic-provider host step by step, prints what each step did and which API calls
 * it made, and exits non-zero if any step differs from what it should do.
 */
import { startEmulator } from "../test/emulator";
import { runQuickstartStory } from "./demo/quickstart-story";

async function main(): Promise<number> {
  const emulator = await startEmulator({ port: 0, workiva: { runMs: 1500 } });
  console.log(`Emulator of PostHog and Workiva on ${emulator.url} (nothing leaves this machine).`);
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
