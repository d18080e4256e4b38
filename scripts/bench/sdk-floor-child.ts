/**
 * Child process of the SDK floor (`sdk-floor.ts`): registers scenario 2's program under bare
 * `pulumi.runtime.setMocks` (no provider host, no harness, no API; the mock answers at once) and
 * prints one JSON line with the times. Run as `node --require tsx/cjs sdk-floor-child.ts <count>`,
 * the way a TypeScript Pulumi program runs (source maps on).
 */
import * as pulumi from "@pulumi/pulumi";
import { declareSchemas, schemaTables } from "./scenarios/schemas-program";
import type { SdkFloor } from "./types";

const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count < 1)
  throw new Error(`usage: sdk-floor-child.ts <count>; got ${process.argv[2]}`);

pulumi.runtime.setMocks(
  {
    newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
    call: (args) => args.inputs,
  },
  "datasync-bench",
  "sdk-floor",
  false,
);

/** Registers `names` and waits until the SDK has resolved every id; returns the time in ms. */
async function register(prefix: string, n: number): Promise<number> {
  const tables = schemaTables(Array.from({ length: n }, (_, i) => `${prefix}${i}`));
  const started = performance.now();
  const resources = declareSchemas("bench-source", tables);
  await new Promise<void>((resolve) => pulumi.all(resources.map((r) => r.id)).apply(() => resolve()));
  return performance.now() - started;
}

async function main(): Promise<SdkFloor> {
  const sourceMaps = process.sourceMapsEnabled;
  const firstMs = await register("first-", 1);
  const registerMs = await register("on-", count);
  process.setSourceMapsEnabled(false);
  const withoutSourceMapsMs = await register("off-", count);
  return { resources: count, firstMs, registerMs, sourceMaps, withoutSourceMapsMs };
}

main().then(
  (floor) => {
    process.stdout.write(`${JSON.stringify(floor)}\n`);
    process.exit(0);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
