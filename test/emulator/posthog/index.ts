/**
 * The PostHog half of the emulator: data warehouse sources and schemas
 * (see shared/contract/posthog-warehouse.md), as fastify routes over in-memory state.
 */
import type { FastifyInstance } from "fastify";
import { registerDatabaseSchemaRoute } from "./database-schema";
import { createControl, seedDemoData, type PosthogControl } from "./control";
import { resolveSettings } from "./settings";
import { registerSchemaRoutes } from "./schema-routes";
import { registerSourceActions } from "./source-actions";
import { registerSourceRoutes } from "./source-routes";
import { PosthogStore } from "./store";
import { registerWizardRoute } from "./wizard";
import type { PosthogEmulatorOptions } from "./types";

export type {
  PosthogEmulatorOptions,
  CatalogueTable,
  CatalogueTableInput,
  IncrementalFieldCandidate,
} from "./types";
export type {
  PosthogControl,
  SourceSnapshot,
  SchemaSnapshot,
  JobSnapshot,
  SourceDriftPatch,
  SchemaDriftPatch,
} from "./control";
export type * from "./api-types";
export { DEFAULT_API_KEYS } from "./settings";
export type * from "./field-definitions";
export { DEFAULT_SOURCE_DEFINITIONS } from "./source-definitions";
export { PosthogHttpError } from "./errors";
export type { DatabaseSchemaEndpoint } from "./database-schema";

/**
 * Registers the PostHog routes on `app` (under `/api/projects/:projectId/...`, and the deprecated
 * `/api/environments/:projectId/...`) and returns the control over their state.
 */
export function registerPosthog(app: FastifyInstance, options: PosthogEmulatorOptions = {}): PosthogControl {
  const store = new PosthogStore(resolveSettings(options), options.catalogues);
  registerWizardRoute(app, store);
  registerDatabaseSchemaRoute(app, store);
  registerSourceRoutes(app, store);
  registerSourceActions(app, store);
  registerSchemaRoutes(app, store);
  const control = createControl(store);
  if (store.settings.seed) seedDemoData(store, control);
  return control;
}
