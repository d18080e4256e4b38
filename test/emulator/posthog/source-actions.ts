/** Actions on one source: refresh_schemas, bulk_update_schemas, webhooks, jobs, reload. */
import type { FastifyInstance } from "fastify";
import { bulkUpdateSchemas } from "./bulk-update";
import { isObject } from "./fields";
import { READ_SCOPE, WRITE_SCOPE } from "./enums";
import { messageError, validationError } from "./errors";
import { runningJob, startJob } from "./jobs";
import { INVALID_JOB_DATE_MESSAGE, MAX_JOBS, webhookPath } from "./policy";
import { addRoute, baseUrl, type RouteContext } from "./route";
import { jobJson, schemaJson } from "./serialize";
import type { PosthogStore } from "./store";
import type { SourceRecord } from "./types";
import { ensureWebhook, supportsWebhooks, webhookSchemaNames } from "./webhooks";

/** Messages of the source actions (PostHog's wording). */
export const ACTION_MESSAGES = {
  refreshWithoutConfig: "Source has no configuration.",
  webhookWithoutConfig: "Source has no configuration",
  noWebhooks: "This source type does not support webhooks",
  invalidWebhookInputs: "Invalid webhook inputs",
  webhookInUse: (names: string[]) =>
    `Cannot delete webhook while tables are using webhook sync: ${names.join(", ")}. Switch them to full refresh, incremental, or disable syncing first.`,
} as const;

/** `refresh_schemas`' answer (`views/external_data_source/schema_operations.py`). */
export interface RefreshSchemasAnswer {
  added: number;
  deleted: number;
  auto_enabled: number;
  total_tables_seen: number;
}

/** A bare and a qualified name of the same table match (`models/external_data_schema.py`). */
function sameTable(a: string, b: string): boolean {
  const oneQualified = a.includes(".") !== b.includes(".");
  return a === b || (oneQualified && a.slice(a.lastIndexOf(".") + 1) === b.slice(b.lastIndexOf(".") + 1));
}

/**
 * Discovery (`models/external_data_schema.py`, `sync_old_schemas_with_new_schemas`): a new table
 * gets a row (should_sync false, sync_type null), reviving a soft-deleted row of that name; a row
 * whose table vanished is soft-deleted when nobody enabled it and it has no table, disabled
 * (should_sync false, status Completed) when it was enabled, else marked Completed.
 */
export function refreshSchemas(store: PosthogStore, source: SourceRecord): RefreshSchemasAnswer {
  const catalogue = store.catalogueFor(source);
  const live = store.schemasOf(source.id);
  const liveNames = live.map((schema) => schema.name);
  const tableNames = catalogue.map((table) => table.name);
  let added = 0;
  for (const name of tableNames.filter((table) => !liveNames.some((row) => sameTable(table, row)))) {
    const revived = store
      .schemasOf(source.id, true)
      .filter((schema) => schema.deleted && schema.name === name)
      .sort((a, b) => b.seq - a.seq)[0];
    if (revived) revived.deleted = false;
    else store.addSchemaRow(source, { name });
    added += 1;
  }
  let deleted = 0;
  for (const schema of live.filter((row) => !tableNames.some((table) => sameTable(row.name, table)))) {
    if (schema.table === null && !schema.shouldSync) {
      store.softDeleteSchema(schema);
      deleted += 1;
    } else {
      schema.shouldSync = false;
      schema.status = "Completed";
    }
  }
  return { added, deleted, auto_enabled: 0, total_tables_seen: catalogue.length };
}

function dateFilter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw validationError(INVALID_JOB_DATE_MESSAGE);
  return ms;
}

/** The jobs endpoint: newest first, `after`/`before` (exclusive), `schemas` (names), max 50. */
function listJobs(store: PosthogStore, source: SourceRecord, query: RouteContext["query"]): unknown[] {
  const after = dateFilter(query.after);
  const before = dateFilter(query.before);
  const names = query.schemas === undefined ? [] : ([] as string[]).concat(query.schemas);
  return store
    .jobsOf(source.id)
    .filter((job) => {
      const schemaName = store.schemas.get(job.schemaId)?.name;
      if (names.length > 0 && (!schemaName || !names.includes(schemaName))) return false;
      if (after !== undefined && job.createdAt <= after) return false;
      return before === undefined || job.createdAt < before;
    })
    .slice(0, MAX_JOBS)
    .map((job) => jobJson(store, job));
}

const hasConfig = (source: SourceRecord): boolean => Object.keys(source.jobInputs).length > 0;

/** Registers the source action routes. */
export function registerSourceActions(app: FastifyInstance, store: PosthogStore): void {
  const path = (action: string) => `external_data_sources/:id/${action}`;

  addRoute(app, store, "POST", path("refresh_schemas"), WRITE_SCOPE, ({ projectId, params }) => {
    const source = store.liveSource(projectId, params.id);
    if (!hasConfig(source)) throw messageError(ACTION_MESSAGES.refreshWithoutConfig);
    return { status: 200, body: refreshSchemas(store, source) };
  });

  addRoute(app, store, "PATCH", path("bulk_update_schemas"), WRITE_SCOPE, ({ projectId, params, body }) => {
    const source = store.liveSource(projectId, params.id);
    return { status: 200, body: bulkUpdateSchemas(store, source, body).map(schemaJson) };
  });

  addRoute(
    app,
    store,
    "POST",
    path("create_webhook"),
    WRITE_SCOPE,
    ({ projectId, params, request, body }) => {
      const source = store.liveSource(projectId, params.id);
      if (!hasConfig(source)) throw messageError(ACTION_MESSAGES.webhookWithoutConfig);
      if (!supportsWebhooks(store, source)) throw messageError(ACTION_MESSAGES.noWebhooks);
      const inputs = isObject(body) && body.inputs !== undefined && body.inputs !== null ? body.inputs : {};
      const declared = new Set(
        (store.settings.definitions.get(source.sourceType)?.webhookFields ?? []).map((field) => field.name),
      );
      if (!isObject(inputs) || Object.keys(inputs).some((key) => !declared.has(key))) {
        throw messageError(ACTION_MESSAGES.invalidWebhookInputs);
      }
      if (source.webhook.failWith !== null) {
        return {
          status: 200,
          body: { success: false, webhook_url: null, error: source.webhook.failWith, pending_inputs: [] },
        };
      }
      const url = `${baseUrl(request)}${webhookPath(ensureWebhook(source))}`;
      return { status: 200, body: { success: true, webhook_url: url, error: null, pending_inputs: [] } };
    },
  );

  addRoute(app, store, "POST", path("delete_webhook"), WRITE_SCOPE, ({ projectId, params }) => {
    const source = store.liveSource(projectId, params.id);
    if (!supportsWebhooks(store, source)) throw messageError(ACTION_MESSAGES.noWebhooks);
    const inUse = webhookSchemaNames(store, source);
    if (inUse.length > 0) throw messageError(ACTION_MESSAGES.webhookInUse(inUse));
    const existed = source.webhook.exists;
    source.webhook.exists = false;
    if (!hasConfig(source)) {
      return { status: 200, body: { success: true, external_deleted: false, error: null } };
    }
    return { status: 200, body: { success: true, external_deleted: existed, error: null } };
  });

  addRoute(app, store, "GET", path("jobs"), READ_SCOPE, ({ projectId, params, query }) => ({
    status: 200,
    body: listJobs(store, store.liveSource(projectId, params.id), query),
  }));

  addRoute(app, store, "POST", path("reload"), WRITE_SCOPE, ({ projectId, params }) => {
    const source = store.liveSource(projectId, params.id);
    for (const schema of store.schemasOf(source.id)) {
      if (schema.shouldSync && !runningJob(store, schema.id)) startJob(store, schema);
    }
    source.storedStatus = "Running";
    return { status: 200 };
  });
}
