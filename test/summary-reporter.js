/**
 * After jest's own summary: one line per skipped test with its full name (our skipped tests carry
 * their reason in the name, e.g. the Pulumi CLI test where `pulumi` is not on PATH), then one plain
 * closing line, e.g. `tests: 696 passed, 0 failed, 1 skipped`, that CI can read whatever runner it
 * knows. Jest's exit code is unchanged.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
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
