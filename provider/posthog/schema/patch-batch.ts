/**
 * The schema PATCHes of one provider process, coalesced per source. The engine creates, updates
 * and deletes ExternalDataSchema resources in parallel, one gRPC call each; PATCHes of different
 * tables of one source that arrive close together go out as one `bulk_update_schemas` (200
 * tables: 2 requests instead of 200), a lone one as `PATCH external_data_schemas/:id/` as before.
 *
 * The contract names no size limit for bulk_update_schemas and says only that an unknown or
 * duplicate id fails the request; the emulator validates the whole list before applying any of it.
 * The choices, kept here:
 * - a batch is sent once no PATCH joined it for {@link BATCH_QUIET_MS} (the environment variable
 *   `DATASYNC_SCHEMA_BATCH_MS` sets another quiet time; `0` sends every PATCH alone), after at
 *   most {@link BATCH_MAX_WAIT_MS}, or at once when it holds {@link BULK_MAX_SCHEMAS};
 * - at once when waiting cannot add to it: the schema operations of the process (create, update,
 *   delete, run through {@link schemaOperation}) are counted; when every one running on the
 *   batch's source is waiting in the batch and the process runs at least as many as the engine
 *   runs at once ({@link engineParallelism}), no operation can start, so none can join, before
 *   one of them returns. This holds once the engine was seen full (it started an operation as
 *   one returned at the cap: not its ramp-up) and never running more than assumed. Otherwise,
 *   with fewer running (the engine may still start more, e.g. while the program registers
 *   resources), and for a PATCH made outside such an operation, the quiet time stays;
 * - PostHog saves each entry of a list on its own: after a 400 (one bad entry) or a 503 (a database
 *   error) the source's rows are read back first; entries already applied are done, the others
 *   are sent on their own after a 400 (each resource gets its own answer) and fail after a 503;
 * - after a 404 (the source is gone), 405 or 413 each PATCH is sent on its own (a gone schema gets
 *   its own 404, which delete treats as done);
 * - any other failure (after the HTTP layer's retries: PATCH is idempotent) fails every PATCH of
 *   the batch with it; nothing is half-recorded, as the next `up` sends the same settings again;
 * - an entry the answer does not include is sent on its own;
 * - the requests of one source go out one after the other (a batch waits for the one before it),
 *   so two PATCHes of one schema land in the order they were made, retries and fallbacks included;
 * - every answered row is written into the shared rows of the source (`rows-cache.ts`), and
 *   a failed request drops them, so a create never compares against settings older than our writes.
 */
import os from "node:os";
import { isApiError } from "../../http";
import type { ApiSchema, ApiSchemaSettings } from "../api/types";
import type { PosthogClient } from "../api/client";
import { forgetRows, rememberRows, sourceKey } from "./rows-cache";
import { rowHasPatch } from "./settings";

/**
 * A batch goes out once no PATCH joined it for this long. A program registers resources every few
 * milliseconds (the SDK spends 5-10 ms on each), with pauses of up to ~100 ms on a busy machine;
 * 250 ms keeps a 200-table deployment to 2 requests, and costs a lone change a quarter second.
 */
export const BATCH_QUIET_MS = 250;
/** The environment variable the Pulumi CLI takes its parallelism from (like `--parallel`). */
export const ENGINE_PARALLEL_ENV = "PULUMI_PARALLEL";

/**
 * How many resource operations the engine runs at once: {@link ENGINE_PARALLEL_ENV} when set (the
 * provider host inherits the CLI's environment), else the engine's default, 4 x the CPUs. A
 * `--parallel` flag does not reach the provider: with a lower one the batches keep the quiet time
 * (as before); a higher one shows as more operations running than assumed, and from then on the
 * quiet time alone decides.
 */
export function engineParallelism(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[ENGINE_PARALLEL_ENV]?.trim();
  if (raw && /^\d+$/.test(raw) && Number(raw) > 0) return Number(raw);
  return 4 * os.availableParallelism();
}
/** A batch goes out at the latest this long after its first PATCH. */
export const BATCH_MAX_WAIT_MS = 5_000;
/** Schemas per bulk_update_schemas request. */
export const BULK_MAX_SCHEMAS = 100;
/** The environment variable that sets the quiet time in ms (`0`: no coalescing). */
export const BATCH_QUIET_ENV = "DATASYNC_SCHEMA_BATCH_MS";

/** The quiet time in force: {@link BATCH_QUIET_ENV} when set, else {@link BATCH_QUIET_MS}. */
export function batchQuietMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[BATCH_QUIET_ENV]?.trim();
  if (!raw) return BATCH_QUIET_MS;
  if (!/^\d+$/.test(raw) || Number(raw) > BATCH_MAX_WAIT_MS) {
    throw new Error(
      `${BATCH_QUIET_ENV} must be a whole number of milliseconds from 0 (no coalescing) to ` +
        `${BATCH_MAX_WAIT_MS}; got "${raw}"`,
    );
  }
  return Number(raw);
}

/**
 * One running schema operation (create, update or delete) that may still PATCH a schema of its
 * source; see {@link schemaOperation}.
 */
export interface SchemaOperation {
  readonly key: string;
  /** True once it made its PATCH: a later one (none today) would not be counted. */
  patched: boolean;
}

interface PendingPatch {
  id: string;
  patch: ApiSchemaSettings;
  /** Made inside a {@link schemaOperation}. */
  tracked: boolean;
  resolve: (row: ApiSchema) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  client: PosthogClient;
  sourceId: string;
  firstAt: number;
  entries: PendingPatch[];
  timer?: ReturnType<typeof setTimeout>;
}

/** The open batch of each source (by {@link sourceKey}). */
const openBatches = new Map<string, Batch>();
/** The last request of each source, sent or waiting its turn. */
const lastSends = new Map<string, Promise<void>>();
/** Per source: the running schema operations. */
const running = new Map<string, number>();
/** The running schema operations of the process. */
let runningTotal = 0;
/**
 * Set once more schema operations ran at once than {@link engineParallelism}: the engine runs more
 * than assumed (a `--parallel` flag, a harness), so "no operation can start" cannot be known and
 * the quiet time alone decides, as before, for the rest of the process.
 */
let parallelismExceeded = false;
/** Set when an operation returned with the engine's slots all taken. */
let returnedAtCap = false;
/**
 * Set when the engine refilled a slot: an operation started after one returned at the cap, with
 * the cap reached again. Until then the engine's ramp-up (operations starting one after the
 * other, as fast as it registers them) is not told apart from a full engine, so the quiet time
 * decides (once per process: about a quarter second).
 */
let saturationSeen = false;

/**
 * Runs schema operation `run` (create, update or delete of a schema of source `sourceId`; it
 * PATCHes at most once, passing the operation to {@link patchSchema}), counted so that the
 * source's batch can go out as soon as no running operation can add to it.
 */
export async function schemaOperation<T>(
  client: PosthogClient,
  sourceId: string,
  run: (operation: SchemaOperation) => Promise<T>,
): Promise<T> {
  const operation: SchemaOperation = { key: sourceKey(client, sourceId), patched: false };
  running.set(operation.key, (running.get(operation.key) ?? 0) + 1);
  runningTotal++;
  const cap = engineParallelism();
  if (runningTotal > cap) parallelismExceeded = true;
  if (returnedAtCap && runningTotal >= cap) saturationSeen = true;
  try {
    return await run(operation);
  } finally {
    const left = (running.get(operation.key) ?? 1) - 1;
    if (left > 0) running.set(operation.key, left);
    else running.delete(operation.key);
    if (runningTotal >= engineParallelism()) returnedAtCap = true;
    runningTotal--;
    // Another source's batch may be complete now that fewer run (the count is per source).
    for (const [key, batch] of openBatches) sendIfComplete(key, batch);
  }
}

/**
 * Sends the batch if it is {@link complete}, checked again after the operations the engine's
 * calls of this moment start (the next turn of the event loop), so that they are counted.
 */
function sendIfComplete(key: string, batch: Batch): void {
  if (!complete(key, batch)) return;
  setImmediate(() => {
    if (openBatches.get(key) === batch && complete(key, batch)) send(key, batch);
  });
}

/**
 * True when no operation can join the batch before one of its own returns: every schema operation
 * running on the source waits in it, and the engine runs no more operations at once than these
 * (the process's running schema operations reach {@link engineParallelism}).
 */
function complete(key: string, batch: Batch): boolean {
  if (parallelismExceeded || !saturationSeen || !batch.entries.every((entry) => entry.tracked)) return false;
  return batch.entries.length === running.get(key) && runningTotal >= engineParallelism();
}

/**
 * PATCHes schema `id` of source `sourceId` with `patch`, together with the other PATCHes of the
 * source that arrive meanwhile; resolves with the schema as the API answered it.
 */
export function patchSchema(
  client: PosthogClient,
  sourceId: string,
  id: string,
  patch: ApiSchemaSettings,
  operation?: SchemaOperation,
): Promise<ApiSchema> {
  const quietMs = batchQuietMs();
  const key = sourceKey(client, sourceId);
  const tracked = operation?.key === key && !operation.patched;
  if (operation && tracked) operation.patched = true;
  return new Promise<ApiSchema>((resolve, reject) => {
    if (quietMs === 0) {
      inTurn(key, () => sendAlone(client, sourceId, { id, patch, tracked, resolve, reject }));
      return;
    }
    let batch = openBatches.get(key);
    // One schema at most once per request (the API refuses duplicate ids): a second PATCH of the
    // same schema sends the open batch first, so the two keep their order.
    if (batch?.entries.some((entry) => entry.id === id)) {
      send(key, batch);
      batch = undefined;
    }
    if (!batch) {
      const now = Date.now();
      batch = { client, sourceId, firstAt: now, entries: [] };
      openBatches.set(key, batch);
    }
    batch.entries.push({ id, patch, tracked, resolve, reject });
    if (batch.entries.length >= BULK_MAX_SCHEMAS) return send(key, batch);
    wait(key, batch, quietMs);
    sendIfComplete(key, batch);
  });
}

/** (Re)arms the batch's timer: quiet time, bounded by the longest wait. */
function wait(key: string, batch: Batch, quietMs: number): void {
  if (batch.timer) clearTimeout(batch.timer);
  const left = batch.firstAt + BATCH_MAX_WAIT_MS - Date.now();
  batch.timer = setTimeout(() => send(key, batch), Math.max(0, Math.min(quietMs, left)));
}

/** Closes the batch and sends it when the source's previous request has settled. */
function send(key: string, batch: Batch): void {
  if (batch.timer) clearTimeout(batch.timer);
  if (openBatches.get(key) === batch) openBatches.delete(key);
  inTurn(key, () => sendBatch(batch));
}

/** Runs `request` after the source's previous request has settled (requests never reject). */
function inTurn(key: string, request: () => Promise<void>): void {
  const sent = (lastSends.get(key) ?? Promise.resolve()).then(request);
  lastSends.set(key, sent);
  void sent.then(() => lastSends.get(key) === sent && lastSends.delete(key));
}

async function sendBatch({ client, sourceId, entries }: Batch): Promise<void> {
  if (entries.length === 1) return sendAlone(client, sourceId, entries[0]);
  let rows: ApiSchema[];
  try {
    rows = await client.bulkUpdateSchemas(
      sourceId,
      entries.map((entry) => ({ id: entry.id, ...entry.patch })),
    );
  } catch (error) {
    if (savedOneByOne(error)) return settleAfterRefusal(client, sourceId, entries, error);
    if (!refusedAsAWhole(error)) {
      forgetRows(client, sourceId);
      for (const entry of entries) entry.reject(error);
      return;
    }
    rows = [];
  }
  rememberRows(client, sourceId, rows);
  const answered = new Map(rows.map((row) => [row.id, row]));
  await Promise.all(
    entries.map((entry) => {
      const row = answered.get(entry.id);
      return row ? entry.resolve(row) : sendAlone(client, sourceId, entry);
    }),
  );
}

async function sendAlone(client: PosthogClient, sourceId: string, entry: PendingPatch): Promise<void> {
  try {
    const row = await client.updateSchema(entry.id, entry.patch);
    rememberRows(client, sourceId, [row]);
    entry.resolve(row);
  } catch (error) {
    forgetRows(client, sourceId);
    entry.reject(error);
  }
}

/**
 * PostHog saves each schema of a bulk list on its own: a 400 (one bad entry) or a 503 (a database
 * error) leaves the others applied. So the source's rows are read back first: an entry PostHog
 * already holds is done; after a 400 each other entry is sent alone (it gets its own answer), after
 * a 503 it fails with the error (nothing is sent again into a failing database).
 */
async function settleAfterRefusal(
  client: PosthogClient,
  sourceId: string,
  entries: PendingPatch[],
  refusal: unknown,
): Promise<void> {
  forgetRows(client, sourceId);
  let current: Map<string, ApiSchema>;
  try {
    current = new Map(((await client.getSource(sourceId)).schemas ?? []).map((row) => [row.id, row]));
  } catch {
    for (const entry of entries) entry.reject(refusal);
    return;
  }
  const status = isApiError(refusal) ? refusal.status : 0;
  await Promise.all(
    entries.map((entry) => {
      const row = current.get(entry.id);
      if (row && rowHasPatch(row, entry.patch)) {
        rememberRows(client, sourceId, [row]);
        return entry.resolve(row);
      }
      return status === 400 ? sendAlone(client, sourceId, entry) : entry.reject(refusal);
    }),
  );
}

/** Refusals after which some entries of the list may be saved (PostHog saves each on its own). */
function savedOneByOne(error: unknown): boolean {
  return isApiError(error) && [400, 503].includes(error.status);
}

/**
 * Answers that refuse the list, not the PATCHes in it: 400 (one entry is refused and the API
 * rejects the whole list), 404 (the source is gone), 405/413 (no bulk endpoint, or a list too
 * large for the server).
 */
function refusedAsAWhole(error: unknown): boolean {
  return isApiError(error) && [400, 404, 405, 413].includes(error.status);
}
