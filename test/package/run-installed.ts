/**
 * Child process of the tarball test: runs a program folder where `pulumi-datasync` was installed
 * from its tarball, through the harness (the real provider host, cwd = the program folder), with
 * preview, up and destroy. It runs outside jest on purpose: jest maps `pulumi-datasync` to the
 * sources, and this must load what npm installed. Prints one `RESULT <json>` line.
 *
 * Environment: PROGRAM_DIR, PROJECT, STACK_CONFIG (JSON), SECRET_KEYS (JSON), HOST_ENV (JSON).
 */
import { createRequire } from "module";
import * as path from "path";
import { Stack, StackRunError, type RunResult } from "../harness";

/** What the parent checks of one run. */
export interface RunSummary {
  ok: boolean;
  totals: RunResult["totals"];
  errors: string[];
  hostStderr: string;
}

/** The child's report. */
export interface InstalledRunReport {
  /** Where `pulumi-datasync` resolves from the program folder. */
  resolved: string;
  /** Modules of this repository's own `provider/` or `dist/` that were loaded (must be none). */
  loadedFromRepository: string[];
  preview: RunSummary;
  up?: RunSummary;
  destroy?: RunSummary;
}

const summary = (r: RunResult): RunSummary => ({
  ok: r.ok,
  totals: r.totals,
  errors: r.errors,
  hostStderr: r.hostStderr,
});

async function attempt(run: Promise<RunResult>): Promise<RunSummary> {
  try {
    return summary(await run);
  } catch (err) {
    if (err instanceof StackRunError) return summary(err.result);
    throw err;
  }
}

async function main(): Promise<void> {
  const programDir = path.resolve(process.env.PROGRAM_DIR ?? "");
  const stack = new Stack({
    name: "readme",
    project: process.env.PROJECT,
    workDir: programDir,
    config: JSON.parse(process.env.STACK_CONFIG ?? "{}") as Record<string, string>,
    secretConfigKeys: JSON.parse(process.env.SECRET_KEYS ?? "[]") as string[],
    env: JSON.parse(process.env.HOST_ENV ?? "{}") as Record<string, string>,
  });
  const program = path.join(programDir, "index.ts");
  try {
    const preview = await attempt(stack.preview(program));
    const report: InstalledRunReport = {
      // As the program resolves it (a require from inside this repository would find itself).
      resolved: createRequire(program).resolve("pulumi-datasync"),
      loadedFromRepository: [],
      preview,
    };
    if (report.preview.ok) {
      report.up = await attempt(stack.up(program));
      report.destroy = await attempt(stack.destroy());
    }
    const repository = path.resolve(__dirname, "..", "..");
    report.loadedFromRepository = Object.keys(require.cache).filter((file) =>
      ["provider", "dist"].some((dir) => file.startsWith(path.join(repository, dir) + path.sep)),
    );
    console.log(`RESULT ${JSON.stringify(report)}`);
  } finally {
    await stack.dispose();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
