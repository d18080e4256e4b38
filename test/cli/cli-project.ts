/**
 * A Pulumi project run by the REAL Pulumi CLI, offline: a private PULUMI_HOME, a file backend in a
 * temporary folder, a passphrase, no update check, no plugin download. The program is run as the
 * file it is (examples/<name>/index.ts or test/cli/programs/<name>/index.ts): the project folder
 * holds a copy of the program's Pulumi.yaml whose `main` points at the program's own folder.
 *
 * Every command is the CLI a user runs (`pulumi preview`, `up --yes`, `refresh`, `destroy`, `stack
 * export`), non-interactive with colour off; its text output and its engine events
 * (`--event-log`) are returned for the tests to assert on.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { PulumiCli } from "../../scripts/pulumi-cli/locate";
import { HARNESS_ROOT, REPO_ROOT } from "../harness/workspace";

/** Packages the project's node_modules links to, as `npm install` in a user's project provides them. */
const LINKED_PACKAGES: Record<string, string> = {
  "pulumi-datasync": REPO_ROOT,
  "@pulumi/pulumi": path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"),
  tsx: path.join(REPO_ROOT, "node_modules", "tsx"),
  "datasync-harness-fixtures": path.join(
    REPO_ROOT,
    "test",
    "harness",
    "fixtures",
    "datasync-harness-fixtures",
  ),
};

export const PASSPHRASE = "datasync-cli-test";

/** One engine event of `--event-log` (the fields the tests read). */
export interface EngineEvent {
  sequence: number;
  timestamp: number;
  diagnosticEvent?: { urn?: string; message: string; severity: string; ephemeral?: boolean };
  resourcePreEvent?: { metadata: StepMetadata };
  resOutputsEvent?: { metadata: StepMetadata };
  resOpFailedEvent?: { metadata: StepMetadata; status: number; steps: number };
  summaryEvent?: { resourceChanges: Record<string, number>; durationSeconds: number };
  [other: string]: unknown;
}

/** What the engine says about one step. */
export interface StepMetadata {
  op: string;
  urn: string;
  type: string;
  /** Top-level properties that changed. */
  diffs?: string[];
  /** Properties that force a replacement. */
  keys?: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
  old?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  new?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
}

/** One CLI command's result. */
export interface CliRun {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout + stderr, colour off. */
  output: string;
  events: EngineEvent[];
  durationMs: number;
}

/** The step a command planned or ran for one resource (by its name). */
export interface Step {
  name: string;
  op: string;
  type: string;
  diffs: string[];
  replaceKeys: string[];
}

export interface CliProjectOptions {
  /** Folder of the program: its Pulumi.yaml and index.ts. */
  programDir: string;
  stack?: string;
  /** Stack config (keys without a namespace get the project's). */
  config?: Record<string, string>;
  /** Config keys set with --secret. */
  secretKeys?: string[];
  /** Extra environment of the CLI (and so of the program and the provider host). */
  env?: Record<string, string>;
}

/** Environment variables that must not reach the provider from the test process: config only. */
const STRIPPED_ENV = /^(POSTHOG_|WORKIVA_|PULUMI_|DATASYNC_|NODE_OPTIONS$|NODE_PATH$)/;

export class CliProject {
  readonly root: string;
  readonly projectDir: string;
  readonly backendDir: string;
  readonly homeDir: string;
  readonly stack: string;
  readonly projectName: string;
  env: Record<string, string>;
  private eventSeq = 0;
  private running?: ChildProcess;

  private constructor(
    readonly cli: PulumiCli,
    readonly options: CliProjectOptions,
  ) {
    // Inside the repository (git-ignored .harness/), so that the engine's source positions of the
    // program (outside the project folder) are relative, `project:///../../examples/...`, as in a
    // user's repository, and not absolute paths of this machine.
    fs.mkdirSync(HARNESS_ROOT, { recursive: true });
    this.root = fs.mkdtempSync(path.join(HARNESS_ROOT, "cli-"));
    this.projectDir = path.join(this.root, "project");
    this.backendDir = path.join(this.root, "backend");
    this.homeDir = path.join(this.root, "home");
    for (const dir of [this.projectDir, this.backendDir, this.homeDir]) fs.mkdirSync(dir);
    this.stack = options.stack ?? "dev";
    const yaml = fs.readFileSync(path.join(options.programDir, "Pulumi.yaml"), "utf8");
    const name = yaml.match(/^name:\s*(\S+)/m)?.[1];
    if (!name) throw new Error(`${options.programDir}/Pulumi.yaml has no name`);
    this.projectName = name;
    const main = path.relative(this.projectDir, path.resolve(options.programDir));
    fs.writeFileSync(
      path.join(this.projectDir, "Pulumi.yaml"),
      `${yaml.replace(/^main:.*$/m, "").trimEnd()}\nmain: ${main}\n`,
    );
    for (const [pkg, target] of Object.entries(LINKED_PACKAGES)) {
      const link = path.join(this.projectDir, "node_modules", ...pkg.split("/"));
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(target, link, "dir");
    }
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([k, v]) => v !== undefined && !STRIPPED_ENV.test(k)),
    ) as Record<string, string>;
    this.env = {
      ...inherited,
      PATH: `${cli.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: this.homeDir,
      PULUMI_BACKEND_URL: `file://${this.backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      // Enables --event-log (the engine events as JSON lines), as the Automation API does.
      PULUMI_DEBUG_COMMANDS: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      NO_PROXY: "localhost,127.0.0.1",
      no_proxy: "localhost,127.0.0.1",
      // The program is the example's own file, outside the project folder: it finds
      // pulumi-datasync through the project's node_modules (as `npm install` would provide it).
      NODE_PATH: path.join(this.projectDir, "node_modules"),
      ...options.env,
    };
  }

  /** Creates the project and its stack, with the config set. */
  static async create(cli: PulumiCli, options: CliProjectOptions): Promise<CliProject> {
    const project = new CliProject(cli, options);
    await project.must(["stack", "init", project.stack]);
    await project.setConfig(options.config ?? {}, options.secretKeys ?? []);
    return project;
  }

  /** `pulumi config set-all` (secret keys with --secret). */
  async setConfig(config: Record<string, string>, secretKeys: string[] = []): Promise<void> {
    const args = ["config", "set-all"];
    for (const [key, value] of Object.entries(config)) {
      args.push(secretKeys.includes(key) ? "--secret" : "--plaintext", `${key}=${value}`);
    }
    if (args.length > 2) await this.must(args);
  }

  /** Runs `pulumi <args>` in the project folder; never throws on a non-zero exit. */
  run(args: string[], opts: RunOptions = {}): Promise<CliRun> {
    const eventLog = path.join(this.root, `events-${++this.eventSeq}.jsonl`);
    const engineCommand = ["preview", "up", "refresh", "destroy"].includes(args[0]);
    const fullArgs = [
      ...args,
      "--non-interactive",
      "--color",
      "never",
      ...(engineCommand ? ["--event-log", eventLog] : []),
      ...(args[0] === "stack" || args[0] === "config" ? [] : ["--stack", this.stack]),
    ];
    const started = Date.now();
    return new Promise((resolve, reject) => {
      // Its own process group, so that a kill ends the CLI with its plugins, as when the machine
      // or the CI job running `pulumi up` dies.
      const child = spawn(this.cli.pulumi, fullArgs, { cwd: this.projectDir, env: this.env, detached: true });
      this.running = child;
      let output = "";
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        killGroup(child);
      };
      const watcher = opts.killWhen
        ? setInterval(() => {
            if (opts.killWhen!(output)) kill();
          }, 25)
        : undefined;
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (opts.killWhen?.(output)) kill();
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("error", reject);
      child.on("close", (code, signal) => {
        if (watcher) clearInterval(watcher);
        if (killed) killGroup(child); // plugins still alive after the CLI ended
        this.running = undefined;
        resolve({
          command: `pulumi ${args.join(" ")}`,
          code,
          signal,
          output,
          events: readEvents(eventLog),
          durationMs: Date.now() - started,
        });
      });
    });
  }

  /** Runs `pulumi <args>` and throws (with its output) unless it exits 0. */
  async must(args: string[]): Promise<CliRun> {
    const result = await this.run(args);
    if (result.code !== 0) {
      throw new Error(`${result.command} exited ${result.code ?? result.signal}:\n${result.output}`);
    }
    return result;
  }

  preview(extra: string[] = []): Promise<CliRun> {
    return this.run(["preview", ...extra]);
  }
  up(extra: string[] = []): Promise<CliRun> {
    return this.run(["up", "--yes", ...extra]);
  }
  refresh(extra: string[] = []): Promise<CliRun> {
    return this.run(["refresh", "--yes", ...extra]);
  }
  destroy(extra: string[] = []): Promise<CliRun> {
    return this.run(["destroy", "--yes", ...extra]);
  }

  /** `pulumi stack export` (secrets stay encrypted), parsed. */
  async exportStack(): Promise<{ text: string; deployment: StackExport }> {
    const result = await this.must(["stack", "export", "--stack", this.stack]);
    return { text: result.output, deployment: JSON.parse(result.output) as StackExport };
  }

  /** Stack outputs (`pulumi stack output --json --show-secrets`). */
  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.must(["stack", "output", "--json", "--show-secrets", "--stack", this.stack]);
    return JSON.parse(result.output) as Record<string, unknown>;
  }

  /**
   * SIGKILLs the processes a killed CLI left behind: the engine starts its plugins (language host,
   * provider host) in process groups of their own, so they outlive the CLI and go on calling the
   * APIs. They are the ones whose environment holds this project's private PULUMI_HOME (they
   * inherit the CLI's; their working directory is the program's, shared with other projects).
   * Returns how many were killed.
   */
  killLeftovers(): number {
    const marker = `PULUMI_HOME=${this.homeDir}\0`;
    let killed = 0;
    for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        if (Number(pid) === process.pid) continue;
        if (!fs.readFileSync(`/proc/${pid}/environ`, "utf8").includes(marker)) continue;
        process.kill(Number(pid), "SIGKILL");
        killed++;
      } catch {
        // gone, or not ours to read
      }
    }
    return killed;
  }

  /** Kills a command still running (a test that failed half-way) and removes every file. */
  dispose(): void {
    if (this.running) killGroup(this.running);
    this.killLeftovers();
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Options of {@link CliProject.run}. */
export interface RunOptions {
  /** Checked on every output chunk and every 25 ms: when true, the CLI and its plugins are SIGKILLed. */
  killWhen?: (output: string) => boolean;
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** The `deployment` part of `pulumi stack export` (what the tests read). */
export interface StackExport {
  version: number;
  deployment: {
    resources?: {
      urn: string;
      type: string;
      id?: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
      initErrors?: string[];
    }[];
    pending_operations?: { type: string; resource: { urn: string } }[];
  };
}

function readEvents(file: string): EngineEvent[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as EngineEvent];
      } catch {
        return []; // a line cut short by a killed CLI
      }
    });
}

/** Our resources' steps (the stack and the default provider left out). */
const isOurs = (m: StepMetadata) =>
  m.type !== "pulumi:pulumi:Stack" && !m.type.startsWith("pulumi:providers:");

/**
 * The resource steps of a run as the engine planned them (`resourcePreEvent`), or, with
 * `outcomes`, as they ended (`resOutputsEvent`: what a refresh found, e.g. `update` for drift).
 * Note: for dynamic resources the engine's `diffs`/`detailedDiff` stay empty (the host forwards
 * no detailed diff); what changed is in the CLI's text ({@link displayRows}).
 */
export function stepsOf(run: CliRun, outcomes = false): Step[] {
  return run.events
    .flatMap((e) => {
      const metadata = outcomes ? e.resOutputsEvent?.metadata : e.resourcePreEvent?.metadata;
      return metadata ? [metadata] : [];
    })
    .filter(isOurs)
    .map((m) => ({
      name: m.urn.split("::").pop()!,
      op: m.op,
      type: m.type,
      diffs: [...(m.diffs ?? [])].sort(),
      replaceKeys: [...(m.keys ?? [])].sort(),
    }));
}

/** `{ name: op }` of a run's steps (the last step of each name: `replace`, not `create-replacement`). */
export function opsOf(run: CliRun, outcomes = false): Record<string, string> {
  const ops: Record<string, string> = {};
  for (const s of stepsOf(run, outcomes)) if (!(s.name in ops) || s.op === "replace") ops[s.name] = s.op;
  return ops;
}

/** One resource line of the CLI's progress display, e.g. ` ~  <type> stripe update [diff: ~schemas]`. */
export interface DisplayRow {
  symbol: string;
  type: string;
  name: string;
  /** The words between the name and the diff, e.g. `update`, `create replacement`, `updated (0.06s)`. */
  status: string;
  /** The properties of `[diff: ~schemas,prefix+x]`, one by one with their marks: `~schemas`, `~prefix`, `+x`. */
  diff: string[];
  line: string;
}

/** The resource lines of the CLI's text output (the stack's and the default provider's left out). */
export function displayRows(output: string): DisplayRow[] {
  const rows: DisplayRow[] = [];
  for (const line of output.split("\n")) {
    const match = line.match(
      /^ ([+~-]{1,2}| {2})\s+(pulumi-nodejs:dynamic\/\S+) (\S+)\s*(.*?)\s*(?:\[diff: ([^\]]*)\])?\s*$/,
    );
    if (!match) continue;
    rows.push({
      symbol: match[1].trim(),
      type: match[2],
      name: match[3],
      status: match[4].trim(),
      // `[diff: ~description,prefix+tags]`: a mark, then the names it applies to, comma-separated.
      diff: [...(match[5] ?? "").matchAll(/([+~-])([^+~\s-]+)/g)].flatMap(([, mark, names]) =>
        names.split(",").map((name) => `${mark}${name}`),
      ),
      line,
    });
  }
  return rows;
}

/** The summary's resource changes, e.g. `{ create: 5 }` (the stack counted as the CLI does). */
export function changesOf(run: CliRun): Record<string, number> {
  const summary = run.events.find((e) => e.summaryEvent)?.summaryEvent;
  return summary?.resourceChanges ?? {};
}

/** Diagnostic messages of a run (ephemeral ones included), with their URN. */
export function diagnosticsOf(
  run: CliRun,
): { urn: string; message: string; severity: string; ephemeral: boolean }[] {
  return run.events.flatMap((e) =>
    e.diagnosticEvent
      ? [
          {
            urn: e.diagnosticEvent.urn ?? "",
            message: e.diagnosticEvent.message,
            severity: e.diagnosticEvent.severity,
            ephemeral: e.diagnosticEvent.ephemeral === true,
          },
        ]
      : [],
  );
}
