/**
 * What every real-CLI test file shares: finding the CLI (skip with the reason where it is missing,
 * FAIL in CI, where `.ci/run` builds it), starting a project on the emulator, and recording each
 * command with the API calls it made for the summary printed after the run
 * (test/summary-reporter.js).
 */
import * as fs from "fs";
import * as path from "path";
import { findPulumiCli, REPO_ROOT, type PulumiCli } from "../../scripts/pulumi-cli/locate";
import type { Emulator, LoggedRequest } from "../emulator";
import { CliProject, type CliProjectOptions, type CliRun } from "./cli-project";

export const CLI = findPulumiCli();
export const IN_CI = process.env.CI === "true" || process.env.CI === "1";
export const SKIP_REASON = "no Pulumi CLI: run `npm run pulumi:install` (needs Go) or put `pulumi` on PATH";

/** Where CLI test files leave their command records for the summary reporter. */
export const SUMMARY_DIR = path.join(REPO_ROOT, ".pulumi-cli", "test-summary");

/**
 * `describe` for a real-CLI suite: runs it when a CLI is found; otherwise skips it saying why, except
 * in CI where a missing CLI is a failing test (the CLI tests must never be skipped there).
 */
export function describeWithCli(name: string, body: (cli: PulumiCli) => void): void {
  if (CLI) {
    describe(`${name} [real Pulumi CLI ${CLI.version}, ${CLI.source}]`, () => body(CLI));
  } else if (IN_CI) {
    describe(name, () => {
      it("has the Pulumi CLI (CI builds it with `npm run pulumi:install`)", () => {
        throw new Error(`CI=true but ${SKIP_REASON}`);
      });
    });
  } else {
    console.warn(`SKIPPED: ${name}: ${SKIP_REASON}.`);
    describe.skip(`${name} (skipped: ${SKIP_REASON})`, () => body(undefined as never));
  }
}

/** API calls counted at the emulator during a command. */
export interface CountedCalls {
  total: number;
  writes: number;
  /** `METHOD /path` with ids replaced by `:id`. */
  list: string[];
}

export function countCalls(entries: readonly LoggedRequest[]): CountedCalls {
  const list = entries.map(
    (e) =>
      `${e.method} ${e.path
        .replace(/\?.*$/, "")
        .replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/g, ":id")
        .replace(/\/\d+(?=\/|$)/g, "/:n")}`,
  );
  return { total: entries.length, writes: entries.filter((e) => e.method !== "GET").length, list };
}

/** One summary line: program, command, exit, API calls. */
interface SummaryRecord {
  program: string;
  command: string;
  exit: string;
  apiCalls: number;
  writes: number;
  seconds: number;
}

/** A project on the emulator whose commands are counted and recorded for the summary. */
export class CountedProject {
  private records: SummaryRecord[] = [];
  private constructor(
    readonly project: CliProject,
    readonly emulator: Emulator,
    readonly label: string,
  ) {}

  static async create(
    cli: PulumiCli,
    emulator: Emulator,
    label: string,
    options: CliProjectOptions,
  ): Promise<CountedProject> {
    const project = await CliProject.create(cli, options);
    return new CountedProject(project, emulator, label);
  }

  /** Runs a command and returns it with the API calls it made. */
  async counted(run: (p: CliProject) => Promise<CliRun>): Promise<CliRun & { calls: CountedCalls }> {
    const mark = this.emulator.log.entries.length;
    const result = await run(this.project);
    const calls = countCalls(this.emulator.log.entries.slice(mark));
    this.records.push({
      program: this.label,
      command: result.command,
      exit: result.signal ?? String(result.code),
      apiCalls: calls.total,
      writes: calls.writes,
      seconds: Math.round(result.durationMs / 100) / 10,
    });
    return { ...result, calls };
  }

  preview = (extra?: string[]) => this.counted((p) => p.preview(extra));
  up = (extra?: string[]) => this.counted((p) => p.up(extra));
  refresh = (extra?: string[]) => this.counted((p) => p.refresh(extra));
  destroy = (extra?: string[]) => this.counted((p) => p.destroy(extra));

  /** Writes this project's records for the summary reporter and removes its files. */
  dispose(): void {
    this.project.dispose();
    if (this.records.length === 0) return;
    fs.mkdirSync(SUMMARY_DIR, { recursive: true });
    const file = path.join(
      SUMMARY_DIR,
      `${this.label.replace(/[^\w.-]+/g, "_")}-${process.pid}-${Date.now()}.json`,
    );
    fs.writeFileSync(file, JSON.stringify(this.records));
  }
}

/** Throws with the CLI's output when a command did not exit 0 (so a failure shows what the CLI said). */
export function expectOk(run: CliRun): void {
  if (run.code !== 0) throw new Error(`${run.command} exited ${run.code ?? run.signal}:\n${run.output}`);
}
