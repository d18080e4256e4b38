/** Shapes of the benchmark's results (what `bench-results/*.json` holds). */

/** API calls of one step, counted at the emulator. */
export interface CallCounts {
  /** Every request, retries and 429 answers included. */
  total: number;
  /** Requests that change or could change something (non-GET), token exchanges excluded. */
  writes: number;
  /** GET requests that are not status polls. */
  reads: number;
  /** Status polls (Workiva run/batch status): they depend on how long the runs take. */
  polls: number;
  /** Token exchanges (Workiva OAuth). */
  tokens: number;
  /** Answers 429 (rate limited; the request was retried). */
  throttled: number;
}

/** The fewest calls the API allows for a step, and why. */
export interface Minimum {
  /** Calls other than status polls. */
  calls: number;
  /** Lower bound of the status polls (0 when the step polls nothing). */
  polls: number;
  /** How the minimum follows from the API's rules. */
  note: string;
  /** A lower floor the API would allow only with batching ACROSS resources (when it differs). */
  apiFloor?: { calls: number; note: string };
}

/** One measured run of a step (through the harness, or by the naive client). */
export interface StepMeasure {
  /** `up`, `no-op up`, `change`, `destroy`. */
  step: string;
  wallMs: number;
  calls: CallCounts;
}

/** A provider step: measured through the real provider host. */
export interface ProviderStep extends StepMeasure {
  /** True for the stack's first run: its provider host boots on demand (as in every real
   * `pulumi up`); later runs get a host the harness booted ahead of time. */
  coldHost: boolean;
  minimum: Minimum;
  /** `calls.total - calls.polls`, what is compared with `minimum.calls`. */
  callsCompared: number;
  /** Resources in the stack after the step. */
  resources: number;
  /** Operations per kind (create, same, update, delete, ...). */
  ops: Record<string, number>;
  /** Largest `__provider` of a resource of the step, in bytes (0 when no resource). */
  providerBytesMax: number;
  /** Size of the state file after the step, in bytes. */
  stateFileBytes: number;
  /** Bytes of every `__provider` in the state after the step (inputs and outputs). */
  providerBytesInState: number;
  /** Peak RSS of the provider host process of the step, in bytes (when a host ran). */
  hostPeakRssBytes?: number;
  /** From the step's first request to its last answer, in ms (0 without calls). */
  apiSpanMs: number;
  /** Expected wall time from calls x latency / parallelism (see parallelismNote). */
  expectedMs: number;
  /** How many calls can be in flight at once in this step, and why. */
  parallelism: number;
  parallelismNote: string;
}

/** One scenario: the provider's steps and the naive client's equivalents. */
export interface ScenarioResult {
  id: "source" | "schemas" | "refresh";
  title: string;
  /** Resources in the program. */
  resources: number;
  steps: ProviderStep[];
  /** The naive client's steps, by the same step names (a missing step has no naive equivalent). */
  naive: StepMeasure[];
  notes: string[];
}

/** One pass over the scenarios with one rate-limit setting. */
export interface PassResult {
  label: string;
  rateLimits: "off" | "published";
  scenarios: ScenarioResult[];
}

/** One goal and whether the run met it. */
export interface GoalResult {
  goal: string;
  met: boolean;
  figures: string[];
}

/**
 * The SDK floor: scenario 2's program registered under bare `pulumi.runtime.setMocks` in a child
 * process (no provider host, no harness, no API), i.e. what the Pulumi SDK itself takes.
 */
export interface SdkFloor {
  /** Resources registered in each timed batch. */
  resources: number;
  /** The first resource of its kind in the process: includes the SDK's closure serialization of its provider. */
  firstMs: number;
  /** The batch, with source maps as a TypeScript program has them (`sourceMaps`). */
  registerMs: number;
  /** Whether source maps were on for `registerMs` (tsx and ts-node programs: on). */
  sourceMaps: boolean;
  /** The same batch with source maps off (a plain JavaScript program). */
  withoutSourceMapsMs: number;
}

/** The whole benchmark run, as written to `bench-results/`. */
export interface BenchResult {
  version: 1;
  startedAt: string;
  finishedAt: string;
  machine: { node: string; cpus: number; loadAverageAtStart: number[]; platform: string };
  options: Record<string, unknown>;
  /** An empty program through the harness: the fixed cost of a run (host boot, configure), for the
   * first run of a stack (host booted on demand) and the next one (host booted ahead of time). */
  emptyRunMs: { first: number; next: number };
  /** What the SDK alone takes for the largest scenario's program (absent when it was not run). */
  sdkFloor?: SdkFloor;
  passes: PassResult[];
  goals: GoalResult[];
  notes: string[];
}
