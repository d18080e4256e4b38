/** The bench's call minimums (scripts/bench/minimums.ts) count the calls the provider makes. */
import { sourceMinimums } from "../../scripts/bench/minimums";

describe("scenario 1 minimums", () => {
  it("up: wizard + POST + GET + one bulk_update_schemas; table discovery only when a table needs it", () => {
    expect(sourceMinimums(200, 50).up.calls).toBe(4);
    expect(sourceMinimums(200, 50).up.note).not.toContain("which tables");
    const withDiscovery = sourceMinimums(200, 50, true).up;
    expect(withDiscovery.calls).toBe(5);
    expect(withDiscovery.note).toContain("ask PostHog which tables the settings give");
  });
});
