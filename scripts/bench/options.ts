/** Options of the benchmark: defaults, command-line flags and environment variables. */

/** The scenarios. */
export const SCENARIO_IDS = ["source", "schemas", "refresh"] as const;
/** One scenario's id. */
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** What the benchmark runs and how. */
export interface BenchOptions {
  /** Latency the emulator adds to every request, in ms. */
  latencyMs: number;
  /** Scenario 1: tables of the ExternalDataSource. */
  tables: number;
  /** Scenario 1: tables whose settings change in the "change" step. */
  changedTables: number;
  /** Scenario 2: ExternalDataSchema resources (and tables of their source). */
  schemas: number;
  /** Scenario 3: connections of the Refresh. */
  connections: number;
  /** Scenario 3: destinations the connections are spread over (evenly). */
  destinations: number;
  /** How long one Workiva refresh run takes in the emulator, in ms. */
  workivaRunMs: number;
  /** Requests the naive client keeps in flight (like a `p-limit(n)` script). */
  naiveConcurrency: number;
  /** Also run the scenarios with the published rate limits on. */
  limitsPass: boolean;
  /** Scenarios to run (default all): `source`, `schemas`, `refresh`. */
  only: ScenarioId[];
  /** Directory of the JSON results; undefined writes nothing. */
  outDir?: string;
  /** Where progress lines go. */
  log: (line: string) => void;
}

/** The defaults of `npm run bench`. */
export const DEFAULT_OPTIONS: Omit<BenchOptions, "log"> = {
  latencyMs: 50,
  tables: 200,
  changedTables: 50,
  schemas: 200,
  connections: 300,
  destinations: 3,
  workivaRunMs: 3000,
  naiveConcurrency: 10,
  limitsPass: true,
  only: [...SCENARIO_IDS],
  outDir: "bench-results",
};

/** The numeric options. */
type NumericKey = {
  [K in keyof BenchOptions]-?: BenchOptions[K] extends number ? K : never;
}[keyof BenchOptions];

/** Flag -> option, with the environment variable that sets it too. */
const NUMERIC_FLAGS: Record<string, { key: NumericKey; env: string; min: number }> = {
  "--latency": { key: "latencyMs", env: "BENCH_LATENCY_MS", min: 0 },
  "--tables": { key: "tables", env: "BENCH_TABLES", min: 1 },
  "--changed": { key: "changedTables", env: "BENCH_CHANGED_TABLES", min: 1 },
  "--schemas": { key: "schemas", env: "BENCH_SCHEMAS", min: 1 },
  "--connections": { key: "connections", env: "BENCH_CONNECTIONS", min: 2 },
  "--destinations": { key: "destinations", env: "BENCH_DESTINATIONS", min: 1 },
  "--run-ms": { key: "workivaRunMs", env: "BENCH_WORKIVA_RUN_MS", min: 0 },
  "--naive-concurrency": { key: "naiveConcurrency", env: "BENCH_NAIVE_CONCURRENCY", min: 1 },
};

/** Usage text of `npm run bench -- --help`. */
export const USAGE = [
  "npm run bench [-- options]",
  ...Object.entries(NUMERIC_FLAGS).map(
    ([flag, f]) => `  ${flag} N`.padEnd(26) + `(env ${f.env}, default ${String(DEFAULT_OPTIONS[f.key])})`,
  ),
  "  --no-limits-pass".padEnd(26) + "(env BENCH_LIMITS_PASS=0) skip the pass with the published rate limits",
  "  --only A,B".padEnd(26) + `(env BENCH_ONLY) scenarios among ${SCENARIO_IDS.join(", ")}`,
  "  --out DIR".padEnd(26) + "(env BENCH_OUT_DIR, default bench-results)",
].join("\n");

function parseNumber(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min)
    throw new Error(`${name} must be a number >= ${min}, got "${raw}"`);
  return value;
}

function parseOnly(raw: string): ScenarioId[] {
  const ids = raw.split(",").map((id) => id.trim());
  const bad = ids.filter((id) => !(SCENARIO_IDS as readonly string[]).includes(id));
  if (bad.length > 0 || ids.length === 0)
    throw new Error(`--only takes ${SCENARIO_IDS.join(", ")}; got "${raw}"`);
  return ids as ScenarioId[];
}

/** Options from flags (`--latency 20`, `--latency=20`) over environment variables over defaults. */
export function parseOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, log };
  for (const [, f] of Object.entries(NUMERIC_FLAGS)) {
    const raw = env[f.env]?.trim();
    if (raw) options[f.key] = parseNumber(f.env, raw, f.min);
  }
  if (env.BENCH_LIMITS_PASS?.trim() === "0") options.limitsPass = false;
  if (env.BENCH_ONLY?.trim()) options.only = parseOnly(env.BENCH_ONLY);
  if (env.BENCH_OUT_DIR?.trim()) options.outDir = env.BENCH_OUT_DIR.trim();

  const args = argv.flatMap((arg) =>
    arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg],
  );
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const numeric = NUMERIC_FLAGS[arg];
    if (numeric) {
      const raw = args[++i];
      if (raw === undefined) throw new Error(`${arg} needs a value`);
      options[numeric.key] = parseNumber(arg, raw, numeric.min);
    } else if (arg === "--no-limits-pass") {
      options.limitsPass = false;
    } else if (arg === "--only") {
      options.only = parseOnly(args[++i] ?? "");
    } else if (arg === "--out") {
      const raw = args[++i];
      if (!raw) throw new Error("--out needs a directory");
      options.outDir = raw;
    } else {
      throw new Error(`unknown option "${arg}"\n${USAGE}`);
    }
  }
  if (options.changedTables > options.tables) throw new Error("--changed cannot exceed --tables");
  if (options.destinations > options.connections)
    throw new Error("--destinations cannot exceed --connections");
  return options;
}
