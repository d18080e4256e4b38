/**
 * The real Pulumi CLI: where it is, the private environment it runs in (file backend, own
 * PULUMI_HOME, passphrase, no update check, nothing but 127.0.0.1), and one timed command.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ProcessSampler } from "./procs";
import type { ProcessRole } from "./types";

/** The binaries a Node.js program with dynamic resources needs. */
const BINARIES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

/** The folder `npm run pulumi:install` builds into (issue 13), relative to the repository. */
export const REPO_CLI_DIRS = [path.join(".pulumi-cli", "bin")];

function hasBinaries(dir: string): boolean {
  return BINARIES.every((name) => fs.existsSync(path.join(dir, name)));
}

/**
 * The folder of the CLI's binaries: `explicit` (`--cli` / PULUMI_CLI_DIR), else the repository's
 * own build, else the folder of `pulumi` on the PATH. Throws with what to do when there is none.
 */
export function findCliDir(
  repoRoot: string,
  explicit: string | undefined,
  envPath = process.env.PATH ?? "",
): string {
  if (explicit) {
    const dir = path.resolve(explicit);
    if (!hasBinaries(dir)) throw new Error(`${dir} lacks one of ${BINARIES.join(", ")}`);
    return dir;
  }
  for (const rel of REPO_CLI_DIRS) {
    const dir = path.join(repoRoot, rel);
    if (hasBinaries(dir)) return dir;
  }
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) if (hasBinaries(dir)) return dir;
  throw new Error(
    "no Pulumi CLI found: run `npm run pulumi:install` (builds it from Go modules), or pass " +
      `--cli DIR / PULUMI_CLI_DIR=DIR, a folder holding ${BINARIES.join(", ")}`,
  );
}

/** `pulumi version` of the CLI in `dir`. */
export function cliVersion(dir: string): string {
  const out = spawnSync(path.join(dir, "pulumi"), ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return (out.stdout || out.stderr || "").trim();
}

/** The environment of every command: private home, file backend, passphrase, offline. */
export function cliEnv(
  cliDir: string,
  homeDir: string,
  backendDir: string,
  extra: Record<string, string>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // nothing of the caller's Pulumi setup leaks in (tokens, backends, other homes)
  for (const key of Object.keys(env)) if (key.startsWith("PULUMI_")) delete env[key];
  delete env.NODE_OPTIONS;
  return {
    ...env,
    PATH: `${cliDir}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: homeDir,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: "datasync-bench",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    ...extra,
  };
}

/** One finished command. */
export interface CommandRun {
  wallMs: number;
  /** performance.now() when the process was started (to place API calls in time). */
  startedAt: number;
  /** Date.now() at the same moment (the emulator logs wall-clock times). */
  startedAtEpochMs: number;
  exitCode: number;
  output: string;
  processes: ProcessRole[];
}

/** Runs `pulumi <args>` in `cwd`, sampling its processes; output goes to `logFile` too. */
export function runPulumi(
  cliDir: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const startedAtEpochMs = Date.now();
    const startedAt = performance.now();
    const child = spawn(path.join(cliDir, "pulumi"), args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const sampler = new ProcessSampler(child.pid ?? -1);
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", (err) => {
      sampler.stop();
      reject(err);
    });
    child.on("close", (code) => {
      const wallMs = performance.now() - startedAt;
      const processes = sampler.stop();
      const output = Buffer.concat(chunks).toString("utf8");
      fs.appendFileSync(
        logFile,
        `\n$ pulumi ${args.join(" ")}   (${(wallMs / 1000).toFixed(2)} s, exit ${code})\n${output}`,
      );
      resolve({ wallMs, startedAt, startedAtEpochMs, exitCode: code ?? -1, output, processes });
    });
  });
}
