/**
 * The progress messages' parts that need no CLI: where the engine is (only inside the provider
 * host), what a waiting Refresh says, and that polling reports every value it sees. The CLI
 * output itself is checked in quickstart.test.ts.
 */
import { countsMessage, engineAddress, reportProgress } from "../../provider/progress";
import { refreshProgressMessage, refreshProgressSubject } from "../../provider/workiva/refresh-progress";
import type { RunOutput } from "../../provider/workiva/refresh-types";
import { pollUntil } from "../../provider/workiva/wait";

describe("progress messages", () => {
  it("finds the engine address only in the dynamic-provider host's arguments", () => {
    expect(
      engineAddress(["node", "/x/node_modules/@pulumi/pulumi/cmd/dynamic-provider", "127.0.0.1:41234"]),
    ).toBe("127.0.0.1:41234");
    expect(engineAddress(["node", "/x/jest.js", "127.0.0.1:41234"])).toBeUndefined();
    expect(engineAddress(["node", "/x/cmd/dynamic-provider/index.js"])).toBeUndefined();
    expect(engineAddress(["node", "/x/cmd/dynamic-provider", "--flag"])).toBeUndefined();
    expect(() => reportProgress("test", "outside the host: nothing sent, nothing thrown")).not.toThrow();
  });

  it("says how many connections are complete, running and failed", () => {
    const run = (sourceStatus: string, destinationStatus: string) =>
      ({ connectionId: "c", sourceStatus, destinationStatus }) as unknown as RunOutput;
    const runs = [run("complete", "complete"), run("running", "not_started"), run("error", "error")];
    expect(refreshProgressMessage(runs)).toBe(
      countsMessage({ total: 3, complete: 1, running: 1, failed: 1 }),
    );
    expect(countsMessage({ total: 151, complete: 120, running: 31 })).toBe("120/151 complete, 31 running");
    expect(refreshProgressSubject(["conn-a", { connectionId: "conn-b" }])).toBe(
      "workiva refresh conn-a (+1)",
    );
    expect(refreshProgressSubject([{ connectionId: "conn-b" }])).toBe("workiva refresh conn-b");
  });

  it("pollUntil hands every value it sees to onValue, the first one included", async () => {
    const seen: number[] = [];
    await pollUntil({
      initial: 0,
      poll: async (n) => n + 1,
      done: (n) => n === 3,
      deadlineMs: Date.now() + 10_000,
      sleep: async () => undefined,
      onValue: (n) => seen.push(n),
    });
    expect(seen).toEqual([0, 1, 2, 3]);
  });
});
