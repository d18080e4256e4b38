/** Shapes of the engine benchmark's results (`bench-results/engine-*.json`). */
import type { Variant } from "./program/spec";
import type { CallCounts, Minimum } from "../types";

export type { Variant };

/** What one kind of process of a command did (sampled from /proc while it ran). */
export interface ProcessRole {
  /** `cli` (the pulumi engine), `language-host`, `program` (node), `provider-host` (node), `other`. */
  role: string;
  /** Processes of this role seen. */
  count: number;
  /** Their process ids. */
  pids: number[];
  /** CPU time (user + system) at the last sample, summed over its processes, in ms. */
  cpuMs: number;
  /** Largest peak RSS (VmHWM) of one of its processes, in bytes. */
  peakRssBytes: number;
  /** First and last time one of its processes was seen, in ms after the command started. */
  firstSeenMs: number;
  lastSeenMs: number;
}

/** The API side of a step, from the emulator's log. */
export interface ApiTimeline {
  /** From the command's start to the first request's arrival, in ms (absent without calls). */
  firstRequestMs?: number;
  /** From the first request's arrival to the last answer, in ms (0 without calls). */
  spanMs: number;
  /** Time at least one request was in flight, in ms. */
  busyMs: number;
  /** Sum of the requests' durations / busyMs (1 when requests went one after the other). */
  achievedParallelism: number;
  /** From the last answer to the command's exit, in ms (absent without calls). */
  afterLastAnswerMs?: number;
}

/** One `pulumi` command of one variant. */
export interface EngineStep {
  /** `preview`, `up`, `no-op up`, `change`, `destroy`. */
  step: string;
  /** The command line after `pulumi`. */
  command: string;
  wallMs: number;
  /** Wall time of every run of the step (with --repeat); the figures are those of the median run. */
  runsWallMs: number[];
  calls: CallCounts;
  /** `calls.total - calls.polls`. */
  callsCompared: number;
  api: ApiTimeline;
  processes: ProcessRole[];
  /** The state after the step (absent for preview, which writes none). */
  state?: StateFigures;
}

/** Sizes in the state file. */
export interface StateFigures {
  fileBytes: number;
  /** Resources of the program (dynamic resources) in the state. */
  resources: number;
  /** Mean bytes of one dynamic resource's entry in the file (its JSON, as indented there). */
  bytesPerResource: number;
  /** Largest `__provider` text, in bytes. */
  providerBytes: number;
  /** Bytes of every `__provider` copy in the state (inputs and outputs). */
  providerBytesInState: number;
  /** Mean bytes per resource of its inputs and of its outputs (as JSON, `__provider` included). */
  inputBytesPerResource: number;
  outputBytesPerResource: number;
}

/** One variant (ours, floor, naive) of a scenario. */
export interface VariantResult {
  variant: Variant;
  steps: EngineStep[];
}

/** One scenario through the engine. */
export interface EngineScenario {
  id: "source" | "schemas" | "refresh";
  title: string;
  /** Dynamic resources of the program. */
  resources: number;
  /** The fewest calls per step (ours). */
  minimums: Record<string, Minimum>;
  /** Time the service itself takes that no client can shorten (e.g. Workiva runs), per step, in ms. */
  serviceWaitMs: Record<string, number>;
  variants: VariantResult[];
  notes: string[];
}

/** One goal line and its verdict. */
export interface EngineGoal {
  goal: string;
  /** One line per judged figure, each with its own verdict. */
  lines: { text: string; met: boolean }[];
  met: boolean;
  /** Where the time went, for missed lines. */
  breakdown: string[];
}

/** The whole engine benchmark run. */
export interface EngineBenchResult {
  version: 1;
  kind: "engine";
  startedAt: string;
  finishedAt: string;
  machine: { node: string; cpus: number; loadAverageAtStart: number[]; platform: string };
  cli: { dir: string; version: string };
  options: Record<string, unknown>;
  scenarios: EngineScenario[];
  goals: EngineGoal[];
  notes: string[];
}
