/**
 * `npm run emulator`: runs the PostHog + Workiva emulator on 127.0.0.1 (port from PORT, default
 * 4010; 0 picks a free one) with demo data, and prints the environment that points
 * pulumi-datasync at it.
 *
 * It stops (server closed, port freed, process ended) on SIGINT, on SIGTERM, and when the process
 * that started it ends: `npm run` starts it through a shell, and a SIGTERM sent to npm ends npm and
 * the shell but is not passed on to the shell's child.
 */
import type { Emulator } from "./index";

/** How often the emulator checks that the process that started it is still there. */
const PARENT_CHECK_MS = 500;
/** Longest wait for open connections to close before exiting anyway. */
const STOP_GRACE_MS = 5000;

// Watch the parent and the signals from the very start, before loading the emulator: a signal
// that arrives while it starts must stop it too, not kill it half-way or be missed.
const parent = process.ppid;
let emulator: Emulator | undefined;
let stopping = false;

function stop(why: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`emulator stopping (${why})`);
  setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
  if (!emulator) process.exit(0);
  void emulator.stop().finally(() => process.exit(0));
}

process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
setInterval(() => {
  if (process.ppid !== parent) stop("the process that started it ended");
}, PARENT_CHECK_MS).unref();

async function main(): Promise<void> {
  const { startEmulator } = await import("./index");
  const port = Number(process.env.PORT ?? 4010);
  const started = await startEmulator({
    port,
    latencyMs: Number(process.env.EMULATOR_LATENCY_MS ?? 0),
    posthog: { seed: true },
    workiva: { seed: true },
  });
  emulator = started;
  if (stopping) {
    await started.stop();
    process.exit(0);
  }
  console.log(`pulumi-datasync emulator listening on ${started.url} (pid ${process.pid})`);
  console.log("Point the provider at it with:\n");
  for (const [key, value] of Object.entries(started.env)) console.log(`export ${key}=${value}`);
  console.log("\nPress Ctrl+C to stop.");
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
