/**
 * The naive approach a user would otherwise write, as direct HTTP calls to the emulator (same
 * latency, same limits): one PATCH per table instead of one bulk update, one refresh POST per
 * connection instead of one batch per destination, and per-job status polling.
 */
import { EMULATOR_CREDENTIALS, type Emulator } from "../../test/emulator";
import { openCallWindow } from "./calls";
import { NaiveClient } from "./naive-client";
import type { StepMeasure } from "./types";

/** How long the naive script sleeps between two status polls of one job. */
export const NAIVE_POLL_MS = 1000;

const PROJECT = `/api/projects/${EMULATOR_CREDENTIALS.posthogProjectId}`;
const POSTHOG_AUTH = { authorization: `Bearer ${EMULATOR_CREDENTIALS.posthogApiKey}` };
const CONNECTIONS = "/s/wdata/prep/api/v1/connections";
const TERMINAL = new Set(["complete", "error", "cancelled"]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One table as the naive script declares it (API field names). */
export interface NaiveTable {
  name: string;
  sync_type: string;
  sync_frequency: string;
}

/** Measures `work` as one step: wall time and the calls the emulator saw meanwhile. */
async function measured(emulator: Emulator, step: string, work: () => Promise<void>): Promise<StepMeasure> {
  const window = openCallWindow(emulator);
  const started = performance.now();
  await work();
  return { step, wallMs: performance.now() - started, calls: window.counts() };
}

/** The schema ids of a source, by table name (one GET). */
async function schemaIds(client: NaiveClient, sourceId: string): Promise<Map<string, string>> {
  const answer = await client.request({
    method: "GET",
    path: `${PROJECT}/external_data_sources/${sourceId}/`,
    headers: POSTHOG_AUTH,
  });
  const schemas = (answer.body as { schemas?: { id: string; name: string }[] }).schemas ?? [];
  return new Map(schemas.map((s) => [s.name, s.id]));
}

/** PATCHes each table on its own, `concurrency` at a time. */
async function patchEach(
  client: NaiveClient,
  ids: Map<string, string>,
  patches: { name: string; patch: Record<string, unknown> }[],
): Promise<void> {
  await client.pool(patches, async ({ name, patch }) => {
    await client.request({
      method: "PATCH",
      path: `${PROJECT}/external_data_schemas/${ids.get(name)}/`,
      headers: POSTHOG_AUTH,
      json: patch,
    });
  });
}

/**
 * Scenario 1 done naively: POST the source with its tables, GET the ids, then one PATCH per table
 * for the frequency; the change is one PATCH per changed table; destroy is the same DELETE.
 */
export async function naiveSource(
  emulator: Emulator,
  concurrency: number,
  source: { sourceType: string; prefix: string; jobInputs: Record<string, unknown> },
  tables: NaiveTable[],
  changed: NaiveTable[],
): Promise<StepMeasure[]> {
  const client = new NaiveClient(emulator.url, concurrency);
  let sourceId = "";
  let ids = new Map<string, string>();
  const up = await measured(emulator, "up", async () => {
    const created = await client.request({
      method: "POST",
      path: `${PROJECT}/external_data_sources/`,
      headers: POSTHOG_AUTH,
      json: {
        source_type: source.sourceType,
        prefix: source.prefix,
        payload: {
          ...source.jobInputs,
          schemas: tables.map((t) => ({ name: t.name, should_sync: true, sync_type: t.sync_type })),
        },
      },
    });
    sourceId = (created.body as { id: string }).id;
    ids = await schemaIds(client, sourceId);
    await patchEach(
      client,
      ids,
      tables.map((t) => ({ name: t.name, patch: { sync_frequency: t.sync_frequency } })),
    );
  });
  const change = await measured(emulator, "change", () =>
    patchEach(
      client,
      ids,
      changed.map((t) => ({ name: t.name, patch: { sync_frequency: t.sync_frequency } })),
    ),
  );
  const destroy = await measured(emulator, "destroy", async () => {
    await client.request({
      method: "DELETE",
      path: `${PROJECT}/external_data_sources/${sourceId}/`,
      headers: POSTHOG_AUTH,
    });
  });
  return [up, change, destroy];
}

/** Scenario 2 done naively: GET the ids once, one PATCH per table; destroy: one PATCH per table. */
export async function naiveSchemas(
  emulator: Emulator,
  concurrency: number,
  sourceId: string,
  tables: NaiveTable[],
): Promise<StepMeasure[]> {
  const client = new NaiveClient(emulator.url, concurrency);
  let ids = new Map<string, string>();
  const up = await measured(emulator, "up", async () => {
    ids = await schemaIds(client, sourceId);
    await patchEach(
      client,
      ids,
      tables.map((t) => ({
        name: t.name,
        patch: { should_sync: true, sync_type: t.sync_type, sync_frequency: t.sync_frequency },
      })),
    );
  });
  const destroy = await measured(emulator, "destroy", () =>
    patchEach(
      client,
      ids,
      tables.map((t) => ({ name: t.name, patch: { should_sync: false } })),
    ),
  );
  return [up, destroy];
}

/** A Wdata run as the status endpoints answer it (inside the `{body, code}` envelope). */
interface NaiveRun {
  connectionId: string;
  jobId: string;
  sourceStatus: string;
  destinationStatus: string;
}

const runOf = (body: unknown) => (body as { body: NaiveRun }).body;
const finished = (run: NaiveRun) => TERMINAL.has(run.sourceStatus) && TERMINAL.has(run.destinationStatus);

/**
 * Scenario 3 done naively: one token, one single refresh POST per connection, then each job polled
 * on its own (every NAIVE_POLL_MS) until it has finished.
 */
export async function naiveRefresh(
  emulator: Emulator,
  concurrency: number,
  connectionIds: string[],
): Promise<StepMeasure[]> {
  const client = new NaiveClient(emulator.url, concurrency);
  const up = await measured(emulator, "up", async () => {
    const token = await client.request({
      method: "POST",
      path: "/oauth2/token",
      headers: { "x-version": "2026-01-01" },
      form: {
        grant_type: "client_credentials",
        client_id: EMULATOR_CREDENTIALS.workivaClientId,
        client_secret: EMULATOR_CREDENTIALS.workivaClientSecret,
      },
    });
    const auth = { authorization: `Bearer ${(token.body as { access_token: string }).access_token}` };
    const runs = await client.pool(connectionIds, async (id) =>
      runOf(
        (
          await client.request({
            method: "POST",
            path: `${CONNECTIONS}/${id}/refresh`,
            headers: auth,
            json: {},
          })
        ).body,
      ),
    );
    await client.pool(runs, async (run) => {
      for (;;) {
        const status = await client.request({
          method: "GET",
          path: `${CONNECTIONS}/${run.connectionId}/status`,
          query: { jobId: run.jobId },
          headers: auth,
        });
        if (finished(runOf(status.body))) return;
        await sleep(NAIVE_POLL_MS);
      }
    });
  });
  return [up];
}
