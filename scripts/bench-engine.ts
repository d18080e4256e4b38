/**
 * `npm run bench:engine` (or `npm run bench -- --engine`): the three scenarios through the real
 * Pulumi CLI with a file backend, next to the floor (the same programs with a do-nothing dynamic
 * provider) and the naive providers; prints a table and the goals with a verdict per line, writes
 * `bench-results/engine-<time>.json` and `bench-results/engine-latest.json`. Needs the CLI
 * (`npm run pulumi:install`). Options: `npm run bench:engine -- --help`.
 */
import * as path from "path";
import { ENGINE_USAGE, parseEngineOptions } from "./bench/engine/options";
import { engineReport } from "./bench/engine/report";
import { runEngineBench } from "./bench/engine/run";

/** Runs the engine benchmark with `argv`; returns the exit code. */
export async function engineMain(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(ENGINE_USAGE);
    return 0;
  }
  const options = parseEngineOptions(argv, process.env, (line) => console.error(line));
  const started = Date.now();
  const result = await runEngineBench(options);
  console.log(engineReport(result));
  if (options.outDir)
    console.log(`\nResults: ${path.join(options.outDir, "engine-latest.json")} (and engine-<time>.json)`);
  console.log(`Engine bench took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return 0;
}

if (require.main === module) {
  engineMain(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
