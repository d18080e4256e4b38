import {
  MAX_BATCH_SIZE,
  batchGroupOf,
  mayBatch,
  needsBatchGroups,
  planRefreshRequests,
} from "../../provider/workiva/batch-plan";

const items = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ connectionId: `${prefix}-${i + 1}` }));

const describePlan = (plan: ReturnType<typeof planRefreshRequests>) =>
  plan.map((r) =>
    r.kind === "batch" ? `batch ${r.group} ${r.items.length}` : `single ${r.item.connectionId}`,
  );

describe("batch groups (oas/wdata.yaml, refreshBatch)", () => {
  it("incoming connections of a spreadsheet group by it; outgoing ones of a workbook by it; nothing else", () => {
    expect(batchGroupOf({ destinationType: "spreadsheet", destinationId: "wb-1" })).toBe("into:wb-1");
    expect(
      batchGroupOf({
        destinationType: "wdata_table",
        destinationId: "t-1",
        sourceType: "spreadsheet",
        sourceId: "wb-2",
      }),
    ).toBe("from:wb-2");
    for (const destinationType of [
      "wdata_table",
      "document",
      "presentation",
      "spreadsheet_section",
      "unknown_record_type",
    ]) {
      expect(
        batchGroupOf({ destinationType, destinationId: "x", sourceType: "wdata_query", sourceId: "q" }),
      ).toBe(undefined);
    }
    expect(batchGroupOf({ destinationType: "spreadsheet", destinationId: null })).toBe(undefined);
    expect(batchGroupOf({})).toBe(undefined);
  });

  it("items with usePrevious* or their own parameters never go in a batch", () => {
    expect(mayBatch({ connectionId: "a", workspaceId: "ws" })).toBe(true);
    expect(mayBatch({ connectionId: "a", usePreviousSourceParameters: false })).toBe(true);
    expect(mayBatch({ connectionId: "a", usePreviousSourceParameters: true })).toBe(false);
    expect(mayBatch({ connectionId: "a", usePreviousDestinationParameters: true })).toBe(false);
    expect(mayBatch({ connectionId: "a", sourceParameters: {} })).toBe(false);
    expect(mayBatch({ connectionId: "a", destinationParameters: { period: "Q1" } })).toBe(false);
  });
});

describe("batch planning", () => {
  it("groups: 120 into A -> 100 + 20, 30 into B -> 30, 1 into C -> single; ungrouped ones single", () => {
    const all = [...items("a", 120), ...items("b", 30), ...items("c", 1), ...items("t", 2)];
    const group = (id: string) => ({ a: "into:A", b: "into:B", c: "into:C" })[id.split("-")[0]];
    expect(describePlan(planRefreshRequests(all, group))).toEqual([
      "batch into:A 100",
      "batch into:A 20",
      "batch into:B 30",
      "single c-1",
      "single t-1",
      "single t-2",
    ]);
    expect(MAX_BATCH_SIZE).toBe(100);
  });

  it("keeps interleaved connections of one group together and in order", () => {
    const plan = planRefreshRequests(
      [{ connectionId: "x1" }, { connectionId: "y1" }, { connectionId: "x2" }],
      (id) => (id.startsWith("x") ? "into:X" : "into:Y"),
    );
    expect(plan).toEqual([
      { kind: "batch", group: "into:X", items: [{ connectionId: "x1" }, { connectionId: "x2" }] },
      { kind: "single", item: { connectionId: "y1" } },
    ]);
  });

  it("an item with parameters goes alone even when its spreadsheet has others; no lookup for one left", () => {
    const withParams = { connectionId: "a-1", sourceParameters: { year: 2025 } };
    const plan = planRefreshRequests(
      [withParams, { connectionId: "a-2" }, { connectionId: "a-3" }],
      () => "into:A",
    );
    expect(describePlan(plan)).toEqual(["single a-1", "batch into:A 2"]);
    expect(needsBatchGroups([withParams, { connectionId: "a-2" }])).toBe(false);
    expect(planRefreshRequests([withParams, { connectionId: "a-2" }], () => undefined)).toEqual([
      { kind: "single", item: withParams },
      { kind: "single", item: { connectionId: "a-2" } },
    ]);
  });

  it("a single connection needs no lookup", () => {
    expect(needsBatchGroups([{ connectionId: "only" }])).toBe(false);
    expect(needsBatchGroups(items("a", 2))).toBe(true);
    expect(planRefreshRequests([{ connectionId: "only" }], () => undefined)).toEqual([
      { kind: "single", item: { connectionId: "only" } },
    ]);
  });
});
