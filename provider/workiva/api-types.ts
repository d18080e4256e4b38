/**
 * Shapes of the Workiva Wdata API as the provider reads them (camelCase, as the API returns them).
 * Contract: ../shared/contract/workiva-wdata.md ("Shapes", "Status values"). Only the fields the
 * provider uses are required; everything else is passed through untouched.
 */

/** `sourceStatus` / `destinationStatus` of runs and batches (lowercase, as the API sends them). */
export type RunStatus = "not_started" | "running" | "complete" | "error" | "cancelled";

/** Free-form parameter or metadata map. */
export type ParameterMap = Record<string, unknown>;

/** One refresh run of one connection (`ConnectionRunDto`). */
export interface ConnectionRunDto {
  /** The refreshed connection. */
  connectionId: string;
  /** The run's job id (used with GET .../{connectionId}/status?jobId=). */
  jobId: string;
  /** Status of the source side. */
  sourceStatus: RunStatus;
  /** Status of the destination side. */
  destinationStatus: RunStatus;
  /** Why the run failed (set when initiating or running the job failed); null or absent otherwise. */
  error?: string | null;
  /** When the run was created (ISO 8601). */
  created?: string;
  /** When the run last changed (ISO 8601). */
  updated?: string;
}

/** A batch refresh (`RefreshBatchDto`); its statuses aggregate its children. */
export interface RefreshBatchDto {
  /** Id to poll with GET .../batch/refresh/{batchRefreshId}. */
  batchRefreshId: string;
  /** One run per connection of the batch. */
  childRefreshes: ConnectionRunDto[];
  /** Aggregated source status. */
  sourceStatus?: RunStatus;
  /** Aggregated destination status. */
  destinationStatus?: RunStatus;
  /** Batch-level error text, if any. */
  error?: string | null;
}

/** Connection details (`ConnectionDto`, every field of seed 003). */
export interface ConnectionDto {
  /** The connection's id. */
  connectionId: string;
  /** Display name. */
  name: string;
  /** Description text. */
  description: string;
  /** Free-form metadata. */
  metadata: ParameterMap;
  /** Workspace owning the connection. */
  workspaceId: string;
  /** Creation time (ISO 8601). */
  created: string;
  /** Who created it. */
  createdBy: string;
  /** Last change (ISO 8601). */
  updated: string;
  /** Source record id. */
  sourceId: string;
  /** Source record type (e.g. `wdata_query`). */
  sourceType: string;
  /** Workspace of the source. */
  sourceWorkspaceId: string;
  /** Destination record id (the workbook/spreadsheet/document the batch rules group by). */
  destinationId: string;
  /** Destination record type (e.g. `spreadsheet`). */
  destinationType: string;
  /** Workspace of the destination. */
  destinationWorkspaceId: string;
  /**
   * The latest run, null before the first. Any field may be missing (e.g. no job id when its
   * start failed); a latest run of another shape reads as null.
   */
  lastRun: Partial<ConnectionRunDto> | null;
  /** Who started the latest run. */
  lastRunBy: string | null;
  /** When the latest run started (ISO 8601). */
  lastRunDate: string | null;
  /** Job id of the latest run. */
  lastRunJobId: string | null;
  /** Source parameters of the latest run. */
  lastRunSourceParameters: ParameterMap | null;
  /** Destination parameters of the latest run. */
  lastRunDestinationParameters: ParameterMap | null;
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
