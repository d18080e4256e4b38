/** All mutable state of the Workiva emulator, in one object the routes and the control share. */
import { BatchStore } from "./batches";
import { ConnectionCatalogue } from "./catalogue";
import { RunStore } from "./runs";
import { TokenStore } from "./tokens";

/** Defaults of WorkivaEmulatorOptions. */
export const WORKIVA_DEFAULTS = {
  clients: { "emulator-client": "emulator-secret" } as Readonly<Record<string, string>>,
  tokenTtlSeconds: 599,
  runMs: 300,
} as const;

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
  };
}
