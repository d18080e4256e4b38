/**
 * Bad inputs through the real provider host: each invalid value of the table (bad-inputs.ts) is
 * rejected at `preview` by `check`, with a message naming the property; unknown values of
 * preview are let through; and the emulator sees no API call but the read of the source field
 * definitions (`jobInputs` are checked against them).
 */
import type { Emulator } from "../emulator";
import type { RunResult, Stack } from "../harness";
import { BAD_INPUTS, badInputName, badInputsProgram } from "./bad-inputs";
import { faultStack, requireBuild, settled, startFaultEmulator } from "./support";

describe("bad inputs are rejected at preview, naming the property, with no API call", () => {
  let emulator: Emulator;
  let stack: Stack;
  /** The preview of every rejected row, and the preview of the tolerated rows (which depend on an
   * unknown output, so they register only after the origin source: after the first check failure
   * the engine would hold them). */
  let preview: RunResult;
  let tolerated: RunResult;
  const rejectedRows = BAD_INPUTS.filter((row) => !row.tolerated);
  const toleratedRows = BAD_INPUTS.filter((row) => row.tolerated);

  beforeAll(async () => {
    requireBuild();
    emulator = await startFaultEmulator([]);
    stack = faultStack(emulator, "bad-inputs");
    preview = await settled(stack.preview(badInputsProgram(rejectedRows)));
    tolerated = await settled(stack.preview(badInputsProgram(toleratedRows)));
  }, 120_000);
  afterAll(async () => {
    await stack?.dispose();
    await emulator?.stop();
  });

  it("makes no API call but the one read of PostHog's source field definitions", () => {
    const calls = emulator.log.entries.map((e) => `${e.method} ${e.path}`);
    expect(calls.filter((c) => !/\/external_data_sources\/wizard\/?$/.test(c))).toEqual([]);
    expect(calls.length).toBeLessThanOrEqual(2); // one per preview run (a host process each)
    expect(preview.ok).toBe(false);
    expect(tolerated.errors).toEqual([]);
  });

  it.each(rejectedRows.map((row, i) => [`${row.kind} ${badInputName(i)}: ${row.what}`, row, i] as const))(
    "rejected: %s",
    (_label, row, i) => {
      // A check failure is reported as `<type> "<name>": check failed: property <path>: <reason>`.
      const errors = preview.errors.filter((e) => e.includes(`"${badInputName(i)}": `));
      expect(errors).toEqual([expect.stringContaining("check failed: ")]);
      expect(errors[0]).toContain(`property ${row.property}`);
    },
  );

  it.each(toleratedRows.map((row, i) => [`${row.kind} ${badInputName(i)}: ${row.what}`, row, i] as const))(
    "tolerated: %s",
    (_label, _row, i) => {
      expect(tolerated.rows.find((r) => r.name === badInputName(i))).toMatchObject({
        op: "create",
        status: "planned",
      });
    },
  );
});
