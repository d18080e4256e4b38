/**
 * Child process of stop.test.ts: starts the emulator, holds one request with a long delay fault,
 * lets its client go away, stops the emulator and then lets the process end by itself. Prints
 * `stopped` once `stop()` resolved; the process must end soon after (nothing of the emulator left).
 */
import * as http from "http";
import { startEmulator } from "../index";

const HELD_MS = Number(process.env.HELD_MS ?? 30_000);

async function main(): Promise<void> {
  const emulator = await startEmulator({ port: 0 });
  const path = "/api/projects/1/external_data_sources/";
  emulator.faults.add({ method: "GET", path, delayMs: HELD_MS });
  await new Promise<void>((resolve) => {
    const req = http.get(`${emulator.url}${path}`, {
      headers: { authorization: "Bearer phx_emulator_write" },
    });
    req.on("error", () => resolve());
    const held = setInterval(() => {
      if (emulator.log.entries.some((e) => e.fault !== undefined)) {
        clearInterval(held);
        req.destroy(); // the client gives up while the emulator holds the request
      }
    }, 20);
  });
  await emulator.stop();
  console.log("stopped");
}

void main();
