import {
  DEFAULT_POLL_SCHEDULE,
  pollDelay,
  pollScheduleFromEnv,
  pollUntil,
} from "../../provider/workiva/wait";

/** A fake clock whose sleep advances time. */
function fakeTime(start = 0) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe("polling with backoff", () => {
  it("starts short, grows x1.5 and is capped", () => {
    const delays = Array.from({ length: 12 }, (_, i) => pollDelay(DEFAULT_POLL_SCHEDULE, i));
    expect(delays.slice(0, 4)).toEqual([250, 375, 562.5, 843.75]);
    expect(Math.max(...delays)).toBe(5000);
    expect(delays[11]).toBe(5000);
  });

  it("DATASYNC_WORKIVA_POLL_MS overrides the schedule", () => {
    expect(pollScheduleFromEnv({ DATASYNC_WORKIVA_POLL_MS: "20" })).toEqual({
      firstMs: 20,
      factor: 1.5,
      maxMs: 400,
    });
    expect(pollScheduleFromEnv({ DATASYNC_WORKIVA_POLL_MS: "20,50" })).toEqual({
      firstMs: 20,
      factor: 1.5,
      maxMs: 50,
    });
    expect(pollScheduleFromEnv({ DATASYNC_WORKIVA_POLL_MS: "nope" })).toBe(DEFAULT_POLL_SCHEDULE);
    expect(pollScheduleFromEnv({})).toBe(DEFAULT_POLL_SCHEDULE);
  });

  it("polls until done, following the schedule", async () => {
    const time = fakeTime();
    let calls = 0;
    const result = await pollUntil({
      initial: 0,
      poll: async () => ++calls,
      done: (n) => n >= 3,
      deadlineMs: 60_000,
      schedule: DEFAULT_POLL_SCHEDULE,
      ...time,
    });
    expect(result).toEqual({ value: 3, timedOut: false, polls: 3 });
    expect(time.sleeps).toEqual([250, 375, 562.5]);
  });

  it("does not poll when already done", async () => {
    const time = fakeTime();
    const poll = jest.fn(async () => 1);
    const result = await pollUntil({ initial: 1, poll, done: () => true, deadlineMs: 0, ...time });
    expect(result.timedOut).toBe(false);
    expect(poll).not.toHaveBeenCalled();
  });

  it("stops at the deadline with one last poll at the deadline itself", async () => {
    const time = fakeTime(1000);
    const result = await pollUntil({
      initial: "running",
      poll: async () => "running",
      done: (s) => s === "done",
      deadlineMs: 1000 + 1000,
      schedule: DEFAULT_POLL_SCHEDULE,
      ...time,
    });
    expect(result.timedOut).toBe(true);
    // 250 + 375 + 375 (cut at the deadline)
    expect(time.sleeps).toEqual([250, 375, 375]);
    expect(time.now()).toBe(2000);
  });
});
