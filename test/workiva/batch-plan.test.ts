import { MAX_BATCH_SIZE, needsDestinations, planRefreshRequests } from "../../provider/workiva/batch-plan";

const items = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ connectionId: `${prefix}-${i + 1}` }));

describe("batch planning", () => {
  it("groups by destination: 120 on A -> 100 + 20, 30 on B -> 30, 1 on C -> single refresh", () => {
    const all = [...items("a", 120), ...items("b", 30), ...items("c", 1)];
    const destination = (id: string) => ({ a: "dest-A", b: "dest-B", c: "dest-C" })[id.split("-")[0]];
    const plan = planRefreshRequests(all, destination);
    expect(
      plan.map((r) =>
        r.kind === "batch" ? `batch ${r.destinationId} ${r.items.length}` : `single ${r.item.connectionId}`,
      ),
    ).toEqual(["batch dest-A 100", "batch dest-A 20", "batch dest-B 30", "single c-1"]);
    expect(MAX_BATCH_SIZE).toBe(100);
  });

  it("keeps interleaved connections of one destination together and in order", () => {
    const plan = planRefreshRequests(
      [{ connectionId: "x1" }, { connectionId: "y1" }, { connectionId: "x2" }],
      (id) => (id.startsWith("x") ? "X" : "Y"),
    );
    expect(plan).toEqual([
      { kind: "batch", destinationId: "X", items: [{ connectionId: "x1" }, { connectionId: "x2" }] },
      { kind: "single", destinationId: "Y", item: { connectionId: "y1" } },
    ]);
  });

  it("a single connection needs no destination lookup", () => {
    expect(needsDestinations([{ connectionId: "only" }])).toBe(false);
    expect(needsDestinations(items("a", 2))).toBe(true);
    expect(planRefreshRequests([{ connectionId: "only" }], () => undefined)).toEqual([
      { kind: "single", destinationId: undefined, item: { connectionId: "only" } },
    ]);
  });

  it("refuses to plan a connection whose destination is unknown", () => {
    expect(() => planRefreshRequests(items("a", 2), () => undefined)).toThrow(
      /No destination known for Workiva connection a-1/,
    );
  });
});
