/**
 * formatPlan (what the demo prints): values that are unknown until `up` show as "known after up",
 * as Pulumi's preview does, never as the wire's placeholder string.
 */
import { formatPlan, UNKNOWN_DISPLAY, type RunResult } from "./plan";
import { emptyState } from "./state";
import { UNKNOWN_VALUE } from "./wire";

function previewResult(outputs: RunResult["outputs"], secretOutputs: string[] = []): RunResult {
  return {
    kind: "preview",
    stack: "dev",
    ok: true,
    rows: [],
    totals: {},
    errors: [],
    outputs,
    secretOutputs,
    state: emptyState("datasync", "dev"),
    durationMs: 10,
    hostCalls: {} as RunResult["hostCalls"],
    hostStdout: "",
    hostStderr: "",
    engineLogs: [],
  };
}

describe("formatPlan", () => {
  it("shows unknown outputs, whole or nested, as known after up", () => {
    const text = formatPlan(
      previewResult({
        sourceId: UNKNOWN_VALUE,
        tables: [{ name: "Customer", id: UNKNOWN_VALUE }],
        prefix: "stripe_",
      }),
    );
    expect(text).not.toContain(UNKNOWN_VALUE);
    expect(text).toContain(`  sourceId: ${UNKNOWN_DISPLAY}`);
    expect(text).toContain(`  tables: [{"name":"Customer","id":"${UNKNOWN_DISPLAY}"}]`);
    expect(text).toContain("  prefix: stripe_");
    expect(UNKNOWN_DISPLAY).toBe("(known after up)");
  });

  it("still hides secret outputs", () => {
    expect(formatPlan(previewResult({ apiKey: "phx_1" }, ["apiKey"]))).toContain("  apiKey: [secret]");
  });
});
