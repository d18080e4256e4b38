/** Which tables an update touches and what it sends. */
import type { ApiSchema } from "../../provider/posthog/api/types";
import { projectTables, tableChanges, tableNeeds } from "../../provider/posthog/source/table-plan";
import type { DeclaredTable } from "../../provider/posthog/source/model";

const twenty: DeclaredTable[] = Array.from({ length: 20 }, (_, i) => ({
  name: `table_${i}`,
  shouldSync: true,
  syncType: "full_refresh",
  syncFrequency: "6hour",
}));

describe("table plan", () => {
  it("one table changed out of 20: only that table and only the changed setting", () => {
    const declared = twenty.map((t, i) => (i === 7 ? { ...t, syncFrequency: "1hour" as const } : t));
    expect(tableNeeds(declared, twenty)).toEqual({ touched: ["table_7"], needsRows: false });
    expect(tableChanges(declared, twenty)).toEqual([{ name: "table_7", patch: { sync_frequency: "1hour" } }]);
  });

  it("a table removed from the list stops syncing; an added one needs PostHog's row", () => {
    const declared = [...twenty.slice(1), { name: "extra", shouldSync: true }];
    expect(tableNeeds(declared, twenty)).toEqual({ touched: ["extra", "table_0"], needsRows: true });
    const rows = new Map<string, ApiSchema>([
      ["extra", { id: "x", name: "extra", should_sync: false, sync_type: null }],
      ["table_0", { id: "t0", name: "table_0", should_sync: true, sync_type: "full_refresh" }],
    ]);
    expect(tableChanges(declared, twenty, rows)).toEqual([
      { name: "extra", patch: { should_sync: true, sync_type: "full_refresh" } },
      { name: "table_0", patch: { should_sync: false } },
    ]);
  });

  it("order does not matter and nothing changes when nothing changed", () => {
    expect(tableChanges([...twenty].reverse(), twenty)).toEqual([]);
    expect(tableNeeds([...twenty].reverse(), twenty).touched).toEqual([]);
  });

  it("projects declared settings from rows, then state, then name only", () => {
    const rows = new Map<string, ApiSchema>([
      ["a", { id: "1", name: "a", should_sync: true, sync_type: "full_refresh", sync_frequency: null }],
    ]);
    const declared: DeclaredTable[] = [
      { name: "a", shouldSync: true, syncFrequency: "1hour" },
      { name: "b", shouldSync: true },
      { name: "c", shouldSync: true },
    ];
    expect(projectTables(declared, rows, [{ name: "b", shouldSync: false, syncType: "append" }])).toEqual([
      { name: "a", shouldSync: true, syncFrequency: "never" },
      { name: "b", shouldSync: false },
      { name: "c" },
    ]);
  });
});
