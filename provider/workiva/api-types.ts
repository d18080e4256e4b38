/**
 * Shapes of the Workiva Wdata API as the provider reads them (camelCase, as the API returns them).
 * Reference: `oas/wdata.yaml` (schemas ConnectionRunDto, RefreshBatchDto, ConnectionDto,
 * RefreshConnectionDto), where no field is marked required: every field of an answer may be
 * absent (the client reads `null` as absent), and fields the provider does not use are passed
 * through untouched.
 */

/** `sourceStatus` / `destinationStatus` of runs and batches (lowercase, as the API sends them). */
export type RunStatus = "not_started" | "running" | "complete" | "error" | "cancelled";

/** Free-form parameter or metadata map. */
export type ParameterMap = Record<string, unknown>;

/** One refresh run of one connection (`ConnectionRunDto`). */
export interface ConnectionRunDto {
  /** The refreshed connection. */
  connectionId?: string;
  /** The run's job id (used with GET .../{connectionId}/status?jobId=); absent when its start failed. */
  jobId?: string;
  /** Status of the source side. */
  sourceStatus?: RunStatus;
  /** Status of the destination side. */
  destinationStatus?: RunStatus;
  /** "An error, if encountered, while initiating the job": a run that fails later may have none. */
  error?: string;
  /** When the run was created (ISO 8601). */
  created?: string;
  /** When the run last changed (ISO 8601). */
  updated?: string;
}

/** A batch refresh (`RefreshBatchDto`); its statuses aggregate its children. */
export interface RefreshBatchDto {
  /** Id to poll with GET .../batch/refresh/{batchRefreshId}. */
  batchRefreshId?: string;
  /** The runs the batch initiated (read as empty when absent). */
  childRefreshes: ConnectionRunDto[];
  /** Aggregated source status. */
  sourceStatus?: RunStatus;
  /** Aggregated destination status. */
  destinationStatus?: RunStatus;
  /** "Any error encountered while initiating the batch". */
  error?: string;
}

/** Connection details (`ConnectionDto`, every field of the reference; any may be absent or null). */
export interface ConnectionDto {
  /** The connection's id (always set: the id asked for, when the answer leaves it out). */
  connectionId: string;
  /** Display name. */
  name?: string | null;
  /** Description text. */
  description?: string | null;
  /** Free-form metadata. */
  metadata?: ParameterMap | null;
  /** Workspace owning the connection. */
  workspaceId?: string | null;
  /** Creation time (ISO 8601). */
  created?: string | null;
  /** Who created it. */
  createdBy?: string | null;
  /** Last change (ISO 8601). */
  updated?: string | null;
  /** Source record id. */
  sourceId?: string | null;
  /** Source record type (e.g. `wdata_query`). */
  sourceType?: string | null;
  /** Workspace of the source. */
  sourceWorkspaceId?: string | null;
  /** Destination record id (the workbook/spreadsheet/document the batch rules group by). */
  destinationId?: string | null;
  /** Destination record type (e.g. `spreadsheet`). */
  destinationType?: string | null;
  /** Workspace of the destination. */
  destinationWorkspaceId?: string | null;
  /**
   * The latest run, null before the first. Any field may be missing (e.g. no job id when its
   * start failed); a latest run of another shape reads as null.
   */
  lastRun?: ConnectionRunDto | null;
  /** Who started the latest run. */
  lastRunBy?: string | null;
  /** When the latest run started (ISO 8601). */
  lastRunDate?: string | null;
  /** Job id of the latest run. */
  lastRunJobId?: string | null;
  /** Source parameters of the latest run. */
  lastRunSourceParameters?: ParameterMap | null;
  /** Destination parameters of the latest run. */
  lastRunDestinationParameters?: ParameterMap | null;
}

/** Body of a single refresh, and one item of a batch refresh (`RefreshConnectionDto`). */
export interface RefreshConnectionDto {
  /** The connection to refresh. */
  connectionId: string;
  /** Workspace (optional: the token decides). */
  workspaceId?: string;
  /** Parameters for the source. */
  sourceParameters?: ParameterMap;
  /** Parameters for the destination. */
  destinationParameters?: ParameterMap;
  /** Reuse the previous run's source parameters (overrides `sourceParameters`). */
  usePreviousSourceParameters?: boolean;
  /** Reuse the previous run's destination parameters (overrides `destinationParameters`). */
  usePreviousDestinationParameters?: boolean;
}
