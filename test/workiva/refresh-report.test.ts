import { failureMessage, timeoutMessage } from "../../provider/workiva/refresh-report";
import type { RunOutput } from "../../provider/workiva/refresh-types";

const ok: RunOutput = {
  connectionId: "ok-1",
  jobId: "j1",
  sourceStatus: "complete",
  destinationStatus: "complete",
};
const failed: RunOutput = {
  connectionId: "bad-1",
  jobId: "j2",
  sourceStatus: "error",
  destinationStatus: "error",
  error: "Source query timed out",
};
const cancelled: RunOutput = {
  connectionId: "ro-1",
  jobId: "j3",
  sourceStatus: "cancelled",
  destinationStatus: "cancelled",
};
const running: RunOutput = {
  connectionId: "slow-1",
  jobId: "j4",
  sourceStatus: "complete",
  destinationStatus: "running",
};

describe("failure and timeout messages", () => {
  it("names each failed connection with its error in one message", () => {
    expect(failureMessage([ok, failed, cancelled], false)).toBe(
      "Workiva refresh failed for 2 of 3 connections: bad-1: Source query timed out; " +
        "ro-1: source cancelled, destination cancelled (job j3; Workiva gave no error message)",
    );
    expect(failureMessage([ok, failed, cancelled], true)).toBe(
      "Workiva refresh failed for 1 of 3 connections: bad-1: Source query timed out",
    );
    expect(failureMessage([ok, running], false)).toBeUndefined();
  });

  it("a timeout lists what was still running (and failures seen so far)", () => {
    expect(timeoutMessage([ok, running, failed], 30, false)).toBe(
      "Workiva refresh did not finish within 30 s; still running 1 of 3 connections: " +
        "slow-1 (source complete, destination running). Also: Workiva refresh failed for 1 of 3 connections: bad-1: Source query timed out",
    );
  });

  it("caps long lists", () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ...running, connectionId: `c-${i}` }));
    const message = timeoutMessage(many, 5, false);
    expect(message).toContain("c-24 (");
    expect(message).not.toContain("c-25 (");
    expect(message).toContain("and 15 more");
  });
});
