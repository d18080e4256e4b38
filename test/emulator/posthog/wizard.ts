/**
 * GET external_data_sources/wizard/: every defined source type's config, as PostHog serves it
 * (`views/external_data_source/job_runs.py`, `wizard`; `views/public_source_configs.py`,
 * `build_source_configs(include_tables=False)`; model keys from `facade/source_config.py`).
 * A read action (`viewset.py` scope_object_read_actions).
 */
import type { FastifyInstance } from "fastify";
import { READ_SCOPE } from "./enums";
import { messageError } from "./errors";
import type { SourceDefinition } from "./field-definitions";
import { addRoute } from "./route";
import type { PosthogStore } from "./store";

/** One source type's entry: `SourceConfig.model_dump()` plus the catalogue's runtime keys. */
export function wizardEntry(definition: SourceDefinition): Record<string, unknown> {
  return {
    caption: definition.caption,
    category: definition.category,
    disabledReason: null,
    docsUrl: definition.docsUrl,
    existingSource: null,
    featureFlag: null,
    featured: definition.featured,
    fields: definition.fields,
    iconClassName: null,
    iconPath: definition.iconPath,
    keywords: definition.keywords,
    label: definition.label,
    name: definition.name,
    permissionsCaption: null,
    releaseStatus: null,
    suggestedTables: definition.suggestedTables,
    supportsColumnSelection: definition.supportsColumnSelection,
    unreleasedSource: null,
    webhookFields: definition.webhookFields,
    webhookManualOnly: null,
    webhookSetupCaption: null,
    versions: definition.versions,
    defaultVersion: definition.defaultVersion,
    apiDocsUrl: definition.apiDocsUrl,
    deprecatedVersions: [],
  };
}

/** The whole answer (a fresh copy). */
export function wizardAnswer(definitions: Map<string, SourceDefinition>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(
      Object.fromEntries([...definitions].map(([type, definition]) => [type, wizardEntry(definition)])),
    ),
  ) as Record<string, unknown>;
}

/** Answer when `?source_type=` names a type the catalogue lacks. */
export const unknownWizardTypesMessage = (types: string[]): string =>
  `Unknown source_type(s): ${[...types].sort().join(", ")}. Omit source_type to list every available type.`;

/** Registers the wizard route (before `external_data_sources/:id`, which it would otherwise match). */
export function registerWizardRoute(app: FastifyInstance, store: PosthogStore): void {
  addRoute(app, store, "GET", "external_data_sources/wizard", READ_SCOPE, ({ query }) => {
    const answer = wizardAnswer(store.settings.definitions);
    const raw = Array.isArray(query.source_type) ? query.source_type.join(",") : query.source_type;
    if (!raw) return { status: 200, body: answer };
    const requested = raw
      .split(",")
      .map((type) => type.trim())
      .filter(Boolean);
    const unknown = requested.filter((type) => !(type in answer));
    if (unknown.length > 0) throw messageError(unknownWizardTypesMessage(unknown));
    return { status: 200, body: Object.fromEntries(requested.map((type) => [type, answer[type]])) };
  });
}
