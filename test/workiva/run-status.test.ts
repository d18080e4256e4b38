import type { RunStatus } from "../../provider/workiva/api-types";
import {
  allSucceeded,
  isRunFinished,
  overallStatus,
  runFailed,
  runSucceeded,
} from "../../provider/workiva/run-status";

const run = (sourceStatus: RunStatus, destinationStatus: RunStatus) => ({ sourceStatus, destinationStatus });

describe("run statuses", () => {
  it("a run is finished only when both sides are terminal", () => {
    expect(isRunFinished(run("complete", "running"))).toBe(false);
    expect(isRunFinished(run("not_started", "not_started"))).toBe(false);
    expect(isRunFinished(run("complete", "complete"))).toBe(true);
    expect(isRunFinished(run("error", "cancelled"))).toBe(true);
    expect(isRunFinished({ sourceStatus: "queued" as RunStatus, destinationStatus: "complete" })).toBe(false);
  });

  it("succeeded only when both are complete", () => {
    expect(runSucceeded(run("complete", "complete"))).toBe(true);
    expect(runSucceeded(run("complete", "cancelled"))).toBe(false);
  });

  it("a cancelled run fails unless cancelUnwritables made it the unwritable skip", () => {
    expect(runFailed(run("cancelled", "cancelled"), false)).toBe(true);
    expect(runFailed(run("cancelled", "cancelled"), true)).toBe(false);
    expect(runFailed(run("error", "error"), true)).toBe(true);
    expect(runFailed(run("complete", "running"), false)).toBe(false);
  });

  it("overall status: running, error, cancelled, complete", () => {
    const done = run("complete", "complete");
    expect(overallStatus([done, run("complete", "running")], false)).toBe("running");
    expect(overallStatus([done, run("error", "error"), run("cancelled", "cancelled")], false)).toBe("error");
    expect(overallStatus([done, run("cancelled", "cancelled")], false)).toBe("cancelled");
    expect(overallStatus([done, run("cancelled", "cancelled")], true)).toBe("complete");
    expect(overallStatus([run("cancelled", "cancelled")], true)).toBe("cancelled");
    expect(overallStatus([done, done], false)).toBe("complete");
  });

  it("allSucceeded needs every run finished and none failed", () => {
    expect(allSucceeded([run("complete", "complete"), run("cancelled", "cancelled")], true)).toBe(true);
    expect(allSucceeded([run("complete", "complete"), run("cancelled", "cancelled")], false)).toBe(false);
    expect(allSucceeded([run("complete", "running")], false)).toBe(false);
    expect(allSucceeded([], false)).toBe(false);
  });
});
