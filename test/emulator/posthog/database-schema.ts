/**
 * POST external_data_sources/database_schema/: the tables a source with these settings would have
 * and what each supports, before any source exists (nothing is created). PostHog:
 * `views/external_data_source/schema_operations.py` (`database_schema`), request documented by
 * `views/external_data_source/credential_store.py` (`DatabaseSchemaRequestSerializer`), a write
 * action (`viewset.py` scope_object_write_actions). FIDELITY.md §5.
 */
import type { FastifyInstance } from "fastify";
import { describeCandidate, NAMESPACED_SOURCE_TYPES } from "./catalogue";
import { credentialsError } from "./credentials";
import { WRITE_SCOPE } from "./enums";
import { messageError, methodNotAllowed, notFound } from "./errors";
import { bodyObject, isObject } from "./fields";
import { XMIN_SOURCE_TYPES } from "./policy";
import { addRoute } from "./route";
import { checkConfig, invalidConfigMessage } from "./source-configs";
import type { PosthogStore } from "./store";
import type { CatalogueTable } from "./types";

/**
 * How the endpoint answers: `post` as today's PostHog; `absent` 404 (**choice**: no PostHog
 * version lacks the route, it is there to test a client's fallback); `get-only` 405 as the early
 * PostHog whose `database_schema` was a GET taking Postgres settings as query parameters.
 */
export type DatabaseSchemaEndpoint = "post" | "absent" | "get-only";

/** PostHog's answers (`schema_operations.py`, `credential_store.py`). */
export const DATABASE_SCHEMA_MESSAGES = {
  missingSourceType: "Missing required parameter: source_type",
  unknownSourceType: (type: string) => `Unknown source_type '${type}'`,
  unresolvedSecretRefs: (keys: string[]) =>
    `Unresolved secret reference(s) for: ${[...keys].sort().join(", ")}. These fields are still ` +
    "`{'secretRef': ...}` objects — PostHog cannot resolve them. Resolve the secret to its real " +
    "value before calling (or collect credentials via data-warehouse-source-connect-link and pass " +
    "the resulting credential_id instead).",
} as const;

/** Types whose discovery reports primary keys (**choice**: the SQL types of the catalogue). */
const PRIMARY_KEY_DETECTING_TYPES: readonly string[] = [...NAMESPACED_SOURCE_TYPES, "BigQuery"];

/** One row of the answer, keys in PostHog's order. */
function tableRow(store: PosthogStore, sourceType: string, table: CatalogueTable): Record<string, unknown> {
  const fields = table.incrementalFields.map(describeCandidate);
  const cdc = store.settings.cdcEnabledForTeam;
  return {
    table: table.name,
    label: null,
    should_sync: false,
    incremental_fields: fields,
    incremental_available: table.supportsIncremental,
    append_available: table.supportsAppend,
    cdc_available: cdc
      ? store.settings.cdcSourceTypes.has(sourceType) && Boolean(table.detectedPrimaryKeys?.length)
      : null,
    xmin_available: XMIN_SOURCE_TYPES.includes(sourceType) ? true : null,
    incremental_field: fields.length > 0 && fields[0].field ? fields[0].field : null,
    sync_type: null,
    rows: table.rows,
    supports_webhooks: table.supportsWebhooks,
    webhook_only: false,
    description: null,
    should_sync_default: true,
    available_columns: [],
    detected_primary_keys: table.detectedPrimaryKeys,
    primary_key_detection_supported: PRIMARY_KEY_DETECTING_TYPES.includes(sourceType),
    permission_error: null,
    rls_warning: null,
  };
}

/** The checks and the answer, in PostHog's order. */
export function databaseSchemaAnswer(store: PosthogStore, rawBody: unknown): Record<string, unknown>[] {
  const body = bodyObject(rawBody);
  const sourceType = body.source_type;
  if (sourceType === undefined || sourceType === null)
    throw messageError(DATABASE_SCHEMA_MESSAGES.missingSourceType);
  const secretRefs = Object.keys(body).filter((key) => isObject(body[key]) && "secretRef" in body[key]);
  if (secretRefs.length > 0) throw messageError(DATABASE_SCHEMA_MESSAGES.unresolvedSecretRefs(secretRefs));
  if (typeof sourceType !== "string" || !store.sourceTypes().includes(sourceType))
    throw messageError(DATABASE_SCHEMA_MESSAGES.unknownSourceType(String(sourceType)));
  // The settings sit at the top level next to source_type (no `payload`), and are not trimmed.
  const inputs: Record<string, unknown> = { ...body };
  delete inputs.source_type;
  delete inputs.access_method;
  const definition = store.settings.definitions.get(sourceType);
  const check = checkConfig(definition, inputs);
  if ("errors" in check) throw messageError(invalidConfigMessage(check.errors));
  const credentials = credentialsError(definition, sourceType, check.stored);
  if (credentials) throw messageError(credentials);
  return store.discover(sourceType, check.stored).map((table) => tableRow(store, sourceType, table));
}

/** Registers the route (before `external_data_sources/:id`). */
export function registerDatabaseSchemaRoute(app: FastifyInstance, store: PosthogStore): void {
  addRoute(app, store, "POST", "external_data_sources/database_schema", WRITE_SCOPE, ({ body }) => {
    const mode = store.databaseSchemaEndpoint;
    if (mode === "absent") throw notFound();
    if (mode === "get-only") throw methodNotAllowed("POST");
    return { status: 200, body: databaseSchemaAnswer(store, body) };
  });
}
