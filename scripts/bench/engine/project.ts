/**
 * The engine benchmark's working folder: the program (transpiled to JavaScript, so that no
 * TypeScript compiler runs inside a measured command), one Pulumi project per scenario and
 * variant, a private PULUMI_HOME and a file backend.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { prepareWorkspace } from "../../../test/harness/workspace";
import { runPulumi } from "./cli";
import { PROGRAM_SPEC_FILE, type ProgramSpec } from "./program/spec";
import type { NaiveSettings } from "./program/naive";

/** The Pulumi project name of every benchmark stack (same URN lengths for every variant). */
export const PROJECT = "datasync-bench";

const PROGRAM_SOURCES = path.join(__dirname, "program");

/** Where everything of one benchmark run lives. */
export interface WorkDir {
  root: string;
  home: string;
  backend: string;
  logs: string;
}

/** How the working folder gets pulumi-datasync. */
export type InstallMode = "copy" | "link";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/**
 * `copy`: as `npm install` places it, a real folder `node_modules/pulumi-datasync` holding what the
 * package publishes (package.json, dist/provider), its dependencies linked beside it from this
 * repository's node_modules. `link`: a symlink to this repository, like `npm link` (and the harness).
 */
export function installPackage(root: string, mode: InstallMode): void {
  if (mode === "link") {
    prepareWorkspace(root);
    return;
  }
  const modules = path.join(root, "node_modules");
  const target = path.join(modules, "pulumi-datasync");
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(target, "package.json"));
  fs.cpSync(path.join(REPO_ROOT, "dist", "provider"), path.join(target, "dist", "provider"), {
    recursive: true,
  });
  for (const name of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
    const link = path.join(modules, name);
    if (!fs.existsSync(link)) fs.symlinkSync(path.join(REPO_ROOT, "node_modules", name), link, "dir");
  }
}

/** A fresh working folder (under the system's temp folder unless `parent` is given). */
export function createWorkDir(parent: string | undefined, install: InstallMode): WorkDir {
  const base = parent ?? os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  const root = fs.mkdtempSync(path.join(base, "datasync-engine-bench-"));
  installPackage(root, install);
  const dirs = {
    root,
    home: path.join(root, "home"),
    backend: path.join(root, "backend"),
    logs: path.join(root, "logs"),
  };
  for (const dir of [dirs.home, dirs.backend, dirs.logs]) fs.mkdirSync(dir, { recursive: true });
  return dirs;
}

/** Transpiles the program's TypeScript files (type checking is `npm run typecheck`'s job) into `dir`. */
export function writeProgram(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const file of fs.readdirSync(PROGRAM_SOURCES).filter((f) => f.endsWith(".ts"))) {
    const source = fs.readFileSync(path.join(PROGRAM_SOURCES, file), "utf8");
    const out = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: file,
    });
    fs.writeFileSync(path.join(dir, file.replace(/\.ts$/, ".js")), out.outputText);
  }
}

/** A project folder of one scenario and variant, ready for `pulumi stack init`. */
export function writeProject(work: WorkDir, name: string): string {
  const dir = path.join(work.root, "projects", name);
  writeProgram(path.join(dir, "program"));
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    [
      `name: ${PROJECT}`,
      "description: pulumi-datasync engine benchmark (generated)",
      "main: program/index.js",
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: false",
      "",
    ].join("\n"),
  );
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: `bench-${name}`, private: true, main: "program/index.js" }, null, 2)}\n`,
  );
  return dir;
}

/** Writes what the program declares next time it runs. */
export function writeSpec(projectDir: string, spec: ProgramSpec, naive: NaiveSettings): void {
  fs.writeFileSync(path.join(projectDir, PROGRAM_SPEC_FILE), `${JSON.stringify({ ...spec, naive })}\n`);
}

/** `pulumi stack init` and the stack's config (secrets encrypted with the passphrase). */
export async function initStack(
  cliDir: string,
  projectDir: string,
  stack: string,
  env: NodeJS.ProcessEnv,
  config: Record<string, string>,
  secretKeys: readonly string[],
  logFile: string,
): Promise<void> {
  const must = async (args: string[]) => {
    const run = await runPulumi(cliDir, args, projectDir, env, logFile);
    if (run.exitCode !== 0)
      throw new Error(
        `pulumi ${args[0]} ${args[1] ?? ""} failed (exit ${run.exitCode}):\n${run.output.slice(-2000)}`,
      );
  };
  await must(["stack", "init", stack, "--non-interactive"]);
  const pairs = Object.entries(config).flatMap(([key, value]) => [
    secretKeys.includes(key) ? "--secret" : "--plaintext",
    `${key}=${value}`,
  ]);
  await must(["config", "set-all", "--stack", stack, ...pairs]);
}
