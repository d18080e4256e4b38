/**
 * What one benchmark program declares: written by the bench as `bench-program.json` next to the
 * program, read by `index.ts` inside Pulumi's language host. Plain data, no code.
 */

/** The file the program reads, next to its `Pulumi.yaml`. */
export const PROGRAM_SPEC_FILE = "bench-program.json";

/** Which implementation the program's resources use. */
export type Variant = "ours" | "floor" | "naive";

/** One table and its settings (the resource args' names). */
export interface SpecTable {
  name: string;
  syncType: string;
  syncFrequency: string;
}

/** The scenario's resources. */
export type ProgramSpec =
  | { scenario: "source"; variant: Variant; tables: SpecTable[] }
  | { scenario: "schemas"; variant: Variant; sourceId: string; tables: SpecTable[] }
  | { scenario: "refresh"; variant: Variant; connections: string[] };
