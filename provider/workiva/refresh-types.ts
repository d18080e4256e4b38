/**
 * The Refresh resource's inputs and outputs as the provider host sees them (plain values, after
 * `check`). The program-side `RefreshArgs` (with `pulumi.Input`s) lives in refresh.ts.
 */
import type { RefreshConnectionDto, RunStatus } from "./api-types";
import type { BatchFallback } from "./refresh-start";

export type { BatchFallback } from "./refresh-start";

/**
 * One connection to refresh, in its long form (the short form is the bare id): the fields of the
 * API's refresh item. `workspaceId` defaults to the resource's (the token decides otherwise).
 */
export type ConnectionRefreshSpec = RefreshConnectionDto;

/** A connection as the user may give it: its id, or the long form. */
export type ConnectionRefreshInput = string | ConnectionRefreshSpec;

/** Defaults of the optional inputs (applied by `check`). */
export const REFRESH_DEFAULTS = {
  cancelUnwritables: false,
  waitForCompletion: true,
  timeoutSeconds: 1800,
  failOnError: true,
} as const;

/** The Refresh inputs after `check`: defaults applied, `connections` kept as the user gave them. */
export interface RefreshInputs {
  /** The connections to refresh (ids or long forms), 1 to 1000, no duplicate ids. */
  connections: ConnectionRefreshInput[];
  /** Any value; when it changes, a new refresh runs. */
  triggers?: unknown;
  /** Default workspace of every connection. */
  workspaceId?: string;
  /** Batch refreshes cancel connections whose destination is unwritable instead of failing them. */
  cancelUnwritables: boolean;
  /** Wait until every run has finished (true) or return right after starting (false). */
  waitForCompletion: boolean;
  /** Deadline of one deploy step (starting + waiting), in seconds. */
  timeoutSeconds: number;
  /** Fail the deploy when a run ends in error (or cancelled, unless skipped as unwritable). */
  failOnError: boolean;
}

/** Overall status of a refresh. */
export type RefreshStatus = "complete" | "error" | "cancelled" | "running";

/** One connection's run, as recorded in the resource's outputs. */
export interface RunOutput {
  /** The refreshed connection. */
  connectionId: string;
  /** The run's job id; absent when the refresh of this connection could not be started. */
  jobId?: string;
  /** The batch that started the run; absent for a single refresh. */
  batchRefreshId?: string;
  /** The workspace the run was started in (sent again when polling it); absent when not given. */
  workspaceId?: string;
  /** Status of the source side. */
  sourceStatus: RunStatus;
  /** Status of the destination side. */
  destinationStatus: RunStatus;
  /** Why the run failed, when it did. */
  error?: string;
}

/** What one refresh produced (the run part of the outputs). */
export interface RefreshOutcome {
  /** One run per connection, in the order of `connections`. */
  runs: RunOutput[];
  /** Ids of the batches started, in start order. */
  batchRefreshIds: string[];
  /**
   * Batches Workiva refused as a whole (e.g. connections it does not batch together) whose
   * connections were refreshed one by one instead; absent when none was.
   */
  batchFallbacks?: BatchFallback[];
  /** Overall status. */
  status: RefreshStatus;
  /** When the refresh was started (ISO 8601). */
  startedAt: string;
  /** When every run was seen finished (ISO 8601); absent while running. */
  finishedAt?: string;
  /**
   * The message that failed the deploy (failure or timeout), recorded with the resource so the
   * next `pulumi up` knows to settle it (see refresh-lifecycle.ts). Absent when the deploy succeeded.
   */
  deployError?: string;
}

/** Everything the provider stores as the resource's outputs (besides `__provider`). */
export type RefreshOutputs = RefreshInputs & RefreshOutcome;
