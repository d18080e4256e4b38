/**
 * `npm run bench`: the scale benchmark. Runs three scenarios (a source with 200 tables, 200
 * ExternalDataSchema resources, a Refresh of 300 connections) through the real provider host
 * against the emulator with a set latency per request, next to the naive approach a user would
 * otherwise write; prints a table and the goals, writes `bench-results/bench-<time>.json` and
 * `bench-results/latest.json`. Options: `npm run bench -- --help`. `npm run bench -- --engine` runs
 * the same scenarios through the real Pulumi CLI instead (scripts/bench-engine.ts).
 */
import * as path from "path";
import { USAGE, parseOptions } from "./bench/options";
import { fullReport } from "./bench/report";
import { runBench } from "./bench/run";
import { engineMain } from "./bench-engine";

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes("--engine")) return engineMain(argv);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const options = parseOptions(argv, process.env, (line) => console.error(line));
  const started = Date.now();
  const result = await runBench(options);
  console.log(fullReport(result));
  if (options.outDir) {
    console.log(`\nResults: ${path.join(options.outDir, "latest.json")} (and bench-<time>.json)`);
  }
  console.log(`Bench took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
