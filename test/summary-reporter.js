/**
 * After jest's own summary: one line per skipped test with its full name (our skipped tests carry
 * their reason in the name, e.g. the Pulumi CLI test where `pulumi` is not on PATH), then one plain
 * closing line, e.g. `tests: 696 passed, 0 failed, 1 skipped`, that CI can read whatever runner it
 * knows. Jest's exit code is unchanged.
 */
const fs = require("fs");
const path = require("path");

/** Where the real-CLI tests leave one JSON file of command records per project (test/cli/setup.ts). */
const CLI_SUMMARY_DIR = path.join(path.dirname(module.filename), "..", ".pulumi-cli", "test-summary");

/** The real-CLI commands of this run: program, command, exit, API calls (writes), seconds. */
function printCliSummary() {
  let files = [];
  try {
    files = fs.readdirSync(CLI_SUMMARY_DIR).filter((f) => f.endsWith(".json"));
  } catch {
    return;
  }
  const records = files.flatMap((f) => JSON.parse(fs.readFileSync(path.join(CLI_SUMMARY_DIR, f), "utf8")));
  if (records.length === 0) return;
  const programs = [...new Set(records.map((r) => r.program))];
  process.stdout.write(`\nreal Pulumi CLI: ${programs.length} programs, ${records.length} commands\n`);
  for (const program of programs) {
    process.stdout.write(`  ${program}\n`);
    for (const r of records.filter((x) => x.program === program)) {
      const exit = r.exit === "0" ? "ok" : `exit ${r.exit}`;
      process.stdout.write(
        `    ${r.command.padEnd(58)} ${exit.padEnd(12)} ${String(r.apiCalls).padStart(3)} API calls (${r.writes} writes) ${r.seconds}s\n`,
      );
    }
  }
  const calls = records.reduce((n, r) => n + r.apiCalls, 0);
  process.stdout.write(`  total: ${records.length} commands, ${calls} API calls counted at the emulator\n`);
}

class SummaryReporter {
  onRunStart() {
    fs.rmSync(CLI_SUMMARY_DIR, { recursive: true, force: true });
  }

  onRunComplete(_contexts, results) {
    printCliSummary();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status === "pending" || test.status === "todo")
          process.stdout.write(`skipped: ${test.fullName}\n`);
      }
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}

module.exports = SummaryReporter;
