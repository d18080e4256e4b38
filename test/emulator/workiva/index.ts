/**
 * The Workiva Wdata half of the emulator: OAuth2 token endpoints and the Wdata connection API
 * (list, details, single and batch refresh, run and batch status) with in-memory state.
 *
 * `registerWorkiva(app, options)` adds plain routes to `app` (the core adds logging, latency,
 * rate limits and faults around them) and returns a `WorkivaControl` for tests. Choices on points
 * the contract leaves open are in ./decisions.ts.
 */
import type { FastifyInstance } from "fastify";
import { SEED_CONNECTIONS } from "./seed";
import { WORKIVA_DEFAULTS, createWorkivaState, defaultBehaviour, type WorkivaState } from "./state";
import { ALREADY_RUNNING_STATUSES, BATCH_REFUSAL_STATUSES } from "./decisions";
import { batchDto, connectionDto, runDto } from "./dto";
import { registerTokenRoutes } from "./token-routes";
import { registerWdataRoutes } from "./wdata-routes";
import type { ConnectionDto, ConnectionSpec, WorkivaControl, WorkivaEmulatorOptions } from "./types";

export type * from "./types";
export { RECORD_TYPES } from "./types";
export { WDATA_PREP_BASE, WDATA_CONNECTIONS_PATH } from "./wdata-routes";
export { TOKEN_PATHS } from "./token-routes";
export { SEED_CONNECTIONS, SEED_DESTINATIONS } from "./seed";
export { WORKIVA_DEFAULTS } from "./state";
export * as workivaDecisions from "./decisions";

/** Register the Workiva token endpoints and Wdata API on `app`; returns the control handle. */
export function registerWorkiva(app: FastifyInstance, options: WorkivaEmulatorOptions = {}): WorkivaControl {
  const initialRunMs = options.runMs ?? WORKIVA_DEFAULTS.runMs;
  const state = createWorkivaState({
    now: options.now ?? Date.now,
    clients: { ...(options.clients ?? WORKIVA_DEFAULTS.clients) },
    tokenTtlSeconds: options.tokenTtlSeconds ?? WORKIVA_DEFAULTS.tokenTtlSeconds,
    runMs: initialRunMs,
  });
  const loadCatalogue = () => {
    if (options.seed ?? true) SEED_CONNECTIONS.forEach((spec) => state.catalogue.add(spec));
    (options.connections ?? []).forEach((spec) => state.catalogue.add(spec));
  };
  loadCatalogue();

  registerTokenRoutes(app, state.tokens, () => state.clients);
  registerWdataRoutes(app, state);

  return createControl(state, () => {
    state.tokens.clear();
    state.batches.clear();
    state.runs.clear();
    state.catalogue.clear();
    state.runMs = initialRunMs;
    state.behaviour = defaultBehaviour();
    loadCatalogue();
  });
}

function createControl(state: WorkivaState, reset: () => void): WorkivaControl {
  const connection = (connectionId: string): ConnectionDto | undefined => {
    const record = state.catalogue.get(connectionId);
    return record ? connectionDto(record, state.runs) : undefined;
  };
  return {
    addConnection: (spec: ConnectionSpec) => connectionDto(state.catalogue.add(spec), state.runs),
    addConnections: (count, destinationId, prefix, fields = {}) =>
      Array.from({ length: count }, (_, index) => {
        const connectionId = `${prefix}-${index + 1}`;
        state.catalogue.add({ ...fields, connectionId, destinationId });
        return connectionId;
      }),
    setAlreadyRunningStatus: (status) => {
      if (!(ALREADY_RUNNING_STATUSES as readonly number[]).includes(status))
        throw new Error(`already-running status must be one of ${ALREADY_RUNNING_STATUSES.join(", ")}`);
      state.behaviour.alreadyRunningStatus = status;
    },
    setBatchRefusalStatus: (status) => {
      if (!(BATCH_REFUSAL_STATUSES as readonly number[]).includes(status))
        throw new Error(`batch refusal status must be one of ${BATCH_REFUSAL_STATUSES.join(", ")}`);
      state.behaviour.batchRefusalStatus = status;
    },
    setLastPageCursor: (form) => {
      state.behaviour.lastPageCursor = form;
    },
    failConnection: (connectionId, message, times = Number.POSITIVE_INFINITY) =>
      state.catalogue.fail(connectionId, message, times),
    failStart: (connectionId, message) => state.catalogue.failStart(connectionId, message),
    setUnwritable: (connectionId, unwritable = true) =>
      state.catalogue.setUnwritable(connectionId, unwritable),
    healConnection: (connectionId) => state.catalogue.heal(connectionId),
    finishRun: (jobId) => {
      if (!state.runs.finishNow(jobId)) throw new Error(`Unknown job ${jobId}`);
    },
    setRunMs: (ms) => {
      if (!(ms >= 0)) throw new Error(`runMs must be >= 0, got ${ms}`);
      state.runMs = ms;
    },
    connection,
    runs: () =>
      state.runs.all().map((run) => ({ ...runDto(run, state.runs), batchRefreshId: run.batchRefreshId })),
    batches: () =>
      state.batches
        .all()
        .map((batch) => ({ ...batchDto(batch, state.runs), cancelUnwritables: batch.cancelUnwritables })),
    tokensIssued: () => state.tokens.issued(),
    expireTokens: () => state.tokens.expireAll(),
    reset,
  };
}
