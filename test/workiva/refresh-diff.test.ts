import { diffRefresh } from "../../provider/workiva/refresh-diff";
import { toOutputs } from "../../provider/workiva/refresh-state";
import type { RefreshInputs, RefreshOutcome } from "../../provider/workiva/refresh-types";
import { UNKNOWN_VALUE } from "../../provider/workiva/unknown";

const inputs: RefreshInputs = {
  connections: ["a", { connectionId: "b", sourceParameters: { year: 2024 } }],
  triggers: { version: 1, tables: ["x", "y"] },
  cancelUnwritables: false,
  waitForCompletion: true,
  timeoutSeconds: 1800,
  failOnError: true,
};
const outcome: RefreshOutcome = {
  runs: [],
  batchRefreshIds: [],
  status: "complete",
  startedAt: "2025-01-01T00:00:00.000Z",
  finishedAt: "2025-01-01T00:00:01.000Z",
};
const olds = toOutputs(inputs, outcome);
const news = (changes: Partial<Record<keyof RefreshInputs, unknown>>) => ({
  ...inputs,
  ...changes,
  __provider: "p",
});

describe("Refresh diff (old outputs vs new inputs)", () => {
  it("no change -> no changes", () => {
    expect(diffRefresh(olds, news({}))).toEqual({ changes: false, replaces: [] });
  });

  it("order and short/long form of connections do not matter; neither do trigger key orders", () => {
    expect(
      diffRefresh(
        olds,
        news({
          connections: [{ sourceParameters: { year: 2024 }, connectionId: "b" }, { connectionId: "a" }],
          triggers: { tables: ["x", "y"], version: 1 },
        }),
      ),
    ).toEqual({ changes: false, replaces: [] });
  });

  it("a changed trigger or connection set replaces", () => {
    expect(diffRefresh(olds, news({ triggers: { version: 2, tables: ["x", "y"] } }))).toEqual({
      changes: true,
      replaces: ["triggers"],
    });
    expect(diffRefresh(olds, news({ triggers: { version: 1, tables: ["y", "x"] } })).replaces).toEqual([
      "triggers",
    ]);
    expect(diffRefresh(olds, news({ connections: ["a"] })).replaces).toEqual(["connections"]);
    expect(
      diffRefresh(olds, news({ connections: ["a", { connectionId: "b", sourceParameters: { year: 2025 } }] }))
        .replaces,
    ).toEqual(["connections"]);
  });

  it("other inputs update in place", () => {
    expect(diffRefresh(olds, news({ timeoutSeconds: 60 }))).toEqual({ changes: true, replaces: [] });
    expect(diffRefresh(olds, news({ failOnError: false, workspaceId: "ws" }))).toEqual({
      changes: true,
      replaces: [],
    });
  });

  it("values unknown at preview count as changed", () => {
    expect(diffRefresh(olds, news({ triggers: { version: UNKNOWN_VALUE, tables: ["x", "y"] } }))).toEqual({
      changes: true,
      replaces: ["triggers"],
    });
    expect(diffRefresh(olds, news({ connections: UNKNOWN_VALUE })).replaces).toEqual(["connections"]);
  });

  it("a recorded deploy failure shows as a change (the next up settles it)", () => {
    const failed = toOutputs(inputs, { ...outcome, status: "error", deployError: "boom" });
    expect(diffRefresh(failed, news({}))).toEqual({ changes: true, replaces: [] });
  });
});
