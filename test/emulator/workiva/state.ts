/** All mutable state of the Workiva emulator, in one object the routes and the control share. */
import { BatchStore } from "./batches";
import { ALREADY_RUNNING_STATUS, BATCH_REFUSAL_STATUS } from "./decisions";
import { ConnectionCatalogue } from "./catalogue";
import { RunStore } from "./runs";
import { TokenStore } from "./tokens";

/** Defaults of WorkivaEmulatorOptions. */
export const WORKIVA_DEFAULTS = {
  clients: { "emulator-client": "emulator-secret" } as Readonly<Record<string, string>>,
  tokenTtlSeconds: 599,
  runMs: 300,
} as const;

/** Switches of answers the reference leaves open (see decisions.ts); tests flip them. */
export interface AnswerBehaviour {
  /** Status of "already running" (409 or 423). */
  alreadyRunningStatus: number;
  /** Status of a batch refused as a whole (400 or 409). */
  batchRefusalStatus: number;
  /** The last list page's `cursor`: left out (default), `null` or `""`. */
  lastPageCursor: "absent" | "null" | "empty";
}

/** The behaviour a fresh (or reset) emulator starts with. */
export function defaultBehaviour(): AnswerBehaviour {
  return {
    alreadyRunningStatus: ALREADY_RUNNING_STATUS,
    batchRefusalStatus: BATCH_REFUSAL_STATUS,
    lastPageCursor: "absent",
  };
}

/** The emulator's stores, settings and clock. */
export interface WorkivaState {
  now: () => number;
  clients: Record<string, string>;
  tokens: TokenStore;
  catalogue: ConnectionCatalogue;
  runs: RunStore;
  batches: BatchStore;
  /** Duration of runs started from now on. */
  runMs: number;
  /** Answer switches. */
  behaviour: AnswerBehaviour;
}

/** Build empty stores around a clock. */
export function createWorkivaState(settings: {
  now: () => number;
  clients: Record<string, string>;
  tokenTtlSeconds: number;
  runMs: number;
}): WorkivaState {
  const { now } = settings;
  return {
    now,
    clients: settings.clients,
    tokens: new TokenStore(settings.tokenTtlSeconds, now),
    catalogue: new ConnectionCatalogue(() => new Date(now()).toISOString()),
    runs: new RunStore(now),
    batches: new BatchStore(),
    runMs: settings.runMs,
    behaviour: defaultBehaviour(),
  };
}
