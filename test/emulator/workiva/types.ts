/** Shapes of the Workiva Wdata emulator: the API's DTOs (camelCase, as the API returns them),
 * the options of `registerWorkiva` and the control object tests use to arrange scenarios.
 * Contract: ../shared/contract/workiva-wdata.md. */
import { CONNECTION_RECORD_TYPES } from "./reference";

/** `sourceStatus` / `destinationStatus` of runs and batches (lowercase, as the API sends them). */
export type RunStatus = "not_started" | "running" | "complete" | "error" | "cancelled";

/** Source and destination record types: the reference's ConnectionDto enum (reference.ts). */
export const RECORD_TYPES = CONNECTION_RECORD_TYPES;

/** One of RECORD_TYPES. */
export type RecordType = (typeof RECORD_TYPES)[number];

/** Free-form parameter or metadata map. */
export type ParameterMap = Record<string, unknown>;

/** One started refresh run of one connection (`ConnectionRunDto`). */
export interface StartedRunDto {
  connectionId: string;
  jobId: string;
  created: string;
  updated: string;
  createdBy: string;
  sourceStatus: RunStatus;
  destinationStatus: RunStatus;
  sourceParameters: ParameterMap;
  destinationParameters: ParameterMap;
  sourceMetadata: ParameterMap;
  destinationMetadata: ParameterMap;
  sourceWorkspaceId: string;
  destinationWorkspaceId: string;
  workspaceId: string;
  /** Why initiating the run failed or it was cancelled; left out when none (a run that fails
   * after initiation may have none either: failConnection(id, null)). */
  error?: string;
}

/** A refresh whose initiation failed (`failStart`): only its connection and the error, no job. */
export interface FailedStartDto {
  connectionId: string;
  error: string;
}

/** `ConnectionRunDto` as the emulator answers it: a started run, or a failed initiation. */
export type ConnectionRunDto = StartedRunDto | FailedStartDto;

/** A batch refresh (`RefreshBatchDto`). Statuses are aggregated from the children. */
export interface RefreshBatchDto {
  batchRefreshId: string;
  childRefreshes: ConnectionRunDto[];
  created: string;
  updated: string;
  createdBy: string;
  sourceStatus: RunStatus;
  destinationStatus: RunStatus;
  /** Children's errors, `connectionId: error` joined by "; "; left out while none. */
  error?: string;
}

/** Connection details (`ConnectionDto`, every field of seed 003). `lastRun*` are null before
 * the first run. */
export interface ConnectionDto {
  connectionId: string;
  name: string;
  description: string;
  metadata: ParameterMap;
  workspaceId: string;
  created: string;
  createdBy: string;
  updated: string;
  sourceId: string;
  sourceType: RecordType;
  sourceWorkspaceId: string;
  destinationId: string;
  destinationType: RecordType;
  destinationWorkspaceId: string;
  lastRun: StartedRunDto | null;
  lastRunBy: string | null;
  lastRunDate: string | null;
  lastRunJobId: string | null;
  lastRunSourceParameters: ParameterMap | null;
  lastRunDestinationParameters: ParameterMap | null;
}

/** What a test (or the seed) gives to create a connection; everything but the two ids defaults. */
export interface ConnectionSpec {
  connectionId: string;
  destinationId: string;
  name?: string;
  description?: string;
  sourceId?: string;
  sourceType?: RecordType;
  destinationType?: RecordType;
  workspaceId?: string;
}

/** Options of `registerWorkiva`; all optional. */
export interface WorkivaEmulatorOptions {
  /** OAuth clients, id -> secret. Default `{ "emulator-client": "emulator-secret" }`. */
  clients?: Record<string, string>;
  /** Lifetime of issued tokens (`expires_in`). Default 599. */
  tokenTtlSeconds?: number;
  /** How long a run takes from not_started to its terminal status. Default 300. */
  runMs?: number;
  /** Seed the demo catalogue (8 connections over 3 destinations). Default true. */
  seed?: boolean;
  /** Extra connections, added after the seed. */
  connections?: ConnectionSpec[];
  /** Clock in epoch milliseconds (tests may drive time by hand). Default `Date.now`. */
  now?: () => number;
}

/** A run as the control object reports it: the API's DTO plus the batch it belongs to. */
export interface RunRecord extends StartedRunDto {
  /** The batch that started this run; null for a single refresh. */
  batchRefreshId: string | null;
}

/** A batch as the control object reports it. */
export interface BatchRecord extends RefreshBatchDto {
  cancelUnwritables: boolean;
}

/** Handle returned by `registerWorkiva`; tests use it to arrange and observe scenarios. */
export interface WorkivaControl {
  /** Add one connection (throws on a duplicate id). */
  addConnection(spec: ConnectionSpec): ConnectionDto;
  /** Add `count` connections on `destinationId`, ids `${prefix}-1` .. `${prefix}-${count}`
   * (other fields from `fields`, e.g. `destinationType`; default a spreadsheet). */
  addConnections(
    count: number,
    destinationId: string,
    prefix: string,
    fields?: Omit<ConnectionSpec, "connectionId" | "destinationId">,
  ): string[];
  /** Status of the "already running" answer from now on: 409 (default) or 423. */
  setAlreadyRunningStatus(status: number): void;
  /** Status of a batch refused as a whole from now on: 400 (default) or 409. */
  setBatchRefusalStatus(status: number): void;
  /** The `cursor` of the list's last page from now on: left out (default), `null` or `""`. */
  setLastPageCursor(form: "absent" | "null" | "empty"): void;
  /** Make the next runs of a connection end with both statuses `error`, with `message` as error
   * or (null) with no `error` at all, as a failure after initiation may be reported.
   * `times` limits how many runs fail (default: every run until `healConnection`). */
  failConnection(connectionId: string, message: string | null, times?: number): void;
  /** Mark the connection's destination unwritable (or writable again with `false`). */
  setUnwritable(connectionId: string, unwritable?: boolean): void;
  /** Clear `failConnection`, `failStart` and `setUnwritable` for a connection. */
  healConnection(connectionId: string): void;
  /** Duration of runs started from now on. */
  setRunMs(ms: number): void;
  /** Make every refresh of a connection fail to initiate with `message` (until healConnection):
   * the answer (single run or batch child) has only `connectionId` and `error`, no job. */
  failStart(connectionId: string, message: string): void;
  /** Make a run reach its outcome now (so a test decides when a foreign run ends). */
  finishRun(jobId: string): void;
  /** Connection details as the API would return them, or undefined. */
  connection(connectionId: string): ConnectionDto | undefined;
  /** Every run started since the last reset, oldest first, with current statuses. */
  runs(): RunRecord[];
  /** Every batch started since the last reset, oldest first, with current statuses. */
  batches(): BatchRecord[];
  /** Number of successful token exchanges since the last reset. */
  tokensIssued(): number;
  /** Invalidate every token issued so far: the next Wdata call with one answers 401. */
  expireTokens(): void;
  /** Back to the initial state: catalogue re-seeded, runs, batches and tokens forgotten,
   * run duration restored to the option's value, answer switches to their defaults. */
  reset(): void;
}
