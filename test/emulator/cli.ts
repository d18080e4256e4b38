/**
 * `npm run emulator`: runs the PostHog + Workiva emulator on 127.0.0.1 (port from PORT, default
 * 4010) with demo data, and prints the environment that points pulumi-datasync at it.
 */
import { startEmulator } from "./index";

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4010);
  const emulator = await startEmulator({
    port,
    latencyMs: Number(process.env.EMULATOR_LATENCY_MS ?? 0),
    posthog: { seed: true },
    workiva: { seed: true },
  });
  console.log(`pulumi-datasync emulator listening on ${emulator.url}`);
  console.log("Point the provider at it with:\n");
  for (const [key, value] of Object.entries(emulator.env)) console.log(`export ${key}=${value}`);
  console.log("\nPress Ctrl+C to stop.");
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
