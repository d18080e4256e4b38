/** external_data_schemas/: list, retrieve, update, delete, and the per-schema actions. */
import type { FastifyInstance } from "fastify";
import { describeCandidate } from "./catalogue";
import { READ_SCOPE, WRITE_SCOPE } from "./enums";
import { detailError, messageError, methodNotAllowed } from "./errors";
import { bodyObject } from "./fields";
import { cancelJob, runningJob, startJob } from "./jobs";
import { paginate, searchTerm } from "./pagination";
import { RELOAD_WHILE_RUNNING_STARTS_JOB, XMIN_SOURCE_TYPES } from "./policy";
import { addRoute } from "./route";
import { commitSchemaPatch, planSchemaPatch } from "./schema-patch";
import { schemaJson } from "./serialize";
import { credentialsError } from "./credentials";
import type { PosthogStore } from "./store";

/** Messages of the schema actions (PostHog's wording). */
export const SCHEMA_ACTION_MESSAGES = {
  nothingToCancel: "No running sync to cancel.",
  missingJobInputs: "Missing job inputs",
  tableNotFound: (name: string) => `Schema with name ${name} not found`,
} as const;

/** Registers the schema routes. */
export function registerSchemaRoutes(app: FastifyInstance, store: PosthogStore): void {
  const item = "external_data_schemas/:id";
  const action = (name: string) => `${item}/${name}`;

  addRoute(app, store, "GET", "external_data_schemas", READ_SCOPE, ({ projectId, query, request }) => {
    const term = searchTerm(query);
    const live = new Set(store.liveSources(projectId).map((source) => source.id));
    const schemas = [...store.schemas.values()]
      .filter((schema) => !schema.deleted && live.has(schema.sourceId))
      .filter((schema) => !term || schema.name.toLowerCase().includes(term))
      .sort((a, b) => b.seq - a.seq);
    const page = paginate(schemas, query, request);
    return { status: 200, body: { ...page, results: page.results.map(schemaJson) } };
  });

  // Schema rows are never created directly.
  addRoute(app, store, "POST", "external_data_schemas", WRITE_SCOPE, () => {
    throw methodNotAllowed("POST");
  });

  addRoute(app, store, "GET", item, READ_SCOPE, ({ projectId, params }) => ({
    status: 200,
    body: schemaJson(store.liveSchema(projectId, params.id).schema),
  }));

  addRoute(app, store, "PATCH", item, WRITE_SCOPE, ({ projectId, params, body }) => {
    const { schema, source } = store.liveSchema(projectId, params.id);
    const patch = bodyObject(body);
    commitSchemaPatch(
      store,
      source,
      schema,
      planSchemaPatch(source, schema, patch, "", store.settings.cdcEnabledForTeam),
      patch,
    );
    return { status: 200, body: schemaJson(schema) };
  });

  addRoute(app, store, "DELETE", item, WRITE_SCOPE, ({ projectId, params }) => {
    store.softDeleteSchema(store.liveSchema(projectId, params.id).schema);
    return { status: 204 };
  });

  addRoute(app, store, "POST", action("reload"), WRITE_SCOPE, ({ projectId, params }) => {
    const { schema } = store.liveSchema(projectId, params.id);
    if (RELOAD_WHILE_RUNNING_STARTS_JOB || !runningJob(store, schema.id)) startJob(store, schema);
    schema.status = "Running";
    return { status: 200 };
  });

  addRoute(app, store, "POST", action("resync"), WRITE_SCOPE, ({ projectId, params }) => {
    const { schema } = store.liveSchema(projectId, params.id);
    const running = runningJob(store, schema.id);
    if (running) cancelJob(store, running);
    startJob(store, schema);
    return { status: 200 };
  });

  addRoute(app, store, "POST", action("cancel"), WRITE_SCOPE, ({ projectId, params }) => {
    const { schema } = store.liveSchema(projectId, params.id);
    const running = runningJob(store, schema.id);
    if (!running) throw detailError(SCHEMA_ACTION_MESSAGES.nothingToCancel);
    cancelJob(store, running);
    return { status: 200 };
  });

  addRoute(app, store, "DELETE", action("delete_data"), WRITE_SCOPE, ({ projectId, params }) => {
    const { schema, source } = store.liveSchema(projectId, params.id);
    schema.table = null;
    schema.lastSyncedAt = null;
    schema.status = null;
    if (source.accessMethod === "direct") schema.shouldSync = false;
    return { status: 200 };
  });

  addRoute(app, store, "POST", action("incremental_fields"), WRITE_SCOPE, ({ projectId, params }) => {
    const { schema, source } = store.liveSchema(projectId, params.id);
    if (Object.keys(source.jobInputs).length === 0)
      throw messageError(SCHEMA_ACTION_MESSAGES.missingJobInputs);
    const definition = store.settings.definitions.get(source.sourceType);
    const credentials = credentialsError(definition, source.sourceType, source.jobInputs);
    if (credentials) throw messageError(credentials);
    const table = store.catalogueTable(source, schema.name);
    if (!table) throw messageError(SCHEMA_ACTION_MESSAGES.tableNotFound(schema.name));
    const cdc =
      store.settings.cdcEnabledForTeam &&
      Boolean(source.jobInputs.cdc_enabled) &&
      store.settings.cdcSourceTypes.has(source.sourceType);
    return {
      status: 200,
      body: {
        incremental_fields: table.incrementalFields.map(describeCandidate),
        incremental_available: table.supportsIncremental,
        append_available: table.supportsAppend,
        cdc_available: cdc ? Boolean(table.detectedPrimaryKeys?.length) : null,
        xmin_available: XMIN_SOURCE_TYPES.includes(source.sourceType) ? true : null,
        full_refresh_available: true,
        supports_webhooks: table.supportsWebhooks,
        webhook_only: false,
        available_columns: [],
        detected_primary_keys: table.detectedPrimaryKeys,
      },
    };
  });
}
