/**
 * A jest worker runs many test files; nothing a file's modules leave behind may keep them alive
 * (they did: workers reached 2.5 GB and the run ended with "A worker process has failed to exit
 * gracefully"). Runs four fixture files, each a program through the harness, then a check file
 * that collects garbage and reports which earlier files' globals are still in memory: at most
 * jest's own hold on one (see below) with `release-after-file.ts`, all four without it (so the
 * check can fail). The fixture environment collects garbage before each file (why: its comment).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../harness/workspace";

const FIXTURES = "<rootDir>/test/setup/fixtures";
const FILES = ["a.fixture.ts", "b.fixture.ts", "c.fixture.ts", "d.fixture.ts"];

/** Runs the fixtures; the check collects garbage for up to `waitMs` while more than one is alive. */
function runFixtures(setupFiles: string[], waitMs: number): { files: string[]; alive: string[] } {
  const base = require(path.join(REPO_ROOT, "jest.config.js")) as Record<string, unknown>;
  const config = {
    ...base,
    rootDir: REPO_ROOT,
    roots: [FIXTURES],
    testMatch: ["**/*.fixture.ts"],
    testSequencer: `${FIXTURES}/in-name-order.js`,
    testEnvironment: `${FIXTURES}/collecting-environment.js`,
    setupFilesAfterEnv: [...setupFiles, `${FIXTURES}/track-registries.ts`],
    reporters: ["default"], // not the summary reporter: it clears the outer run's CLI records
  };
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "release-")), "report.json");
  const run = spawnSync(
    process.execPath,
    [require.resolve("jest/bin/jest"), "--config", JSON.stringify(config), "--runInBand", "--ci"],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, RELEASE_REPORT: report, RELEASE_WAIT_MS: String(waitMs) },
      encoding: "utf8",
      timeout: 300_000,
    },
  );
  if (run.status !== 0) throw new Error(`fixture run failed (${run.status}):\n${run.stderr.slice(-3000)}`);
  return JSON.parse(fs.readFileSync(report, "utf8"));
}

describe("after each test file", () => {
  it("nothing keeps the file's modules in memory (but jest's own hold on the first)", () => {
    const { files, alive } = runFixtures(["<rootDir>/test/setup/release-after-file.ts"], 10_000);
    expect(files).toEqual(FILES);
    // At most one, the worker's first file: jest-runtime 29 defines each module's `parent` as a
    // getter whose closure holds its runtime, and V8 keeps one such getter in a hidden class that
    // later module records share. One file per worker, however many run after it.
    expect({ alive, atMostOne: alive.length <= 1 }).toEqual({ alive, atMostOne: true });
  });

  it("without the release, every file's modules stay (the check sees the leak)", () => {
    const { alive } = runFixtures([], 2_000); // held for good: no need to wait long
    expect(alive).toEqual(FILES);
  });
});
