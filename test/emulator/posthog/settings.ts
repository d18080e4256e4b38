/** Options of the PostHog emulator with every default filled in. */
import type { DatabaseSchemaEndpoint } from "./database-schema";
import { READ_SCOPE, WRITE_SCOPE } from "./enums";
import type { SourceDefinition } from "./field-definitions";
import { buildDefinitions } from "./source-definitions";
import { DEFAULT_CDC_SOURCE_TYPES, DEFAULT_WEBHOOK_SOURCE_TYPES } from "./policy";
import type { PosthogEmulatorOptions } from "./types";

/** Default API keys (test-only values). */
export const DEFAULT_API_KEYS: Record<string, string[]> = {
  phx_emulator_write: [WRITE_SCOPE],
  phx_emulator_read: [READ_SCOPE],
};

/** Resolved options. */
export interface PosthogSettings {
  apiKeys: Map<string, Set<string>>;
  apiKeyOwners: Map<string, string>;
  projects: string[];
  jobMs: number;
  seed: boolean;
  /** Field definitions per source type (the wizard serves them; config checks use them). */
  definitions: Map<string, SourceDefinition>;
  /** Whether the team has the CDC feature (PostHog: `is_cdc_enabled_for_team`). */
  cdcEnabledForTeam: boolean;
  /** Source types with a CDC adapter. */
  cdcSourceTypes: Set<string>;
  /** Old self-hosted behaviour: create without `schemas` answers 400 "Schemas not given". */
  createRequiresSchemas: boolean;
  webhookSourceTypes: Set<string>;
  /** How `database_schema` answers (see database-schema.ts). */
  databaseSchemaEndpoint: DatabaseSchemaEndpoint;
  now: () => number;
}

/** Fills the defaults of `options` (catalogues are handled by the store, which can change them). */
export function resolveSettings(options: PosthogEmulatorOptions = {}): PosthogSettings {
  return {
    apiKeys: new Map(
      Object.entries(options.apiKeys ?? DEFAULT_API_KEYS).map(([key, scopes]) => [key, new Set(scopes)]),
    ),
    apiKeyOwners: new Map(Object.entries(options.apiKeyOwners ?? {})),
    projects: options.projects ?? ["1"],
    jobMs: options.jobMs ?? 500,
    seed: options.seed ?? false,
    definitions: buildDefinitions(options),
    cdcEnabledForTeam: options.cdcEnabledForTeam ?? true,
    cdcSourceTypes: new Set(options.cdcSourceTypes ?? DEFAULT_CDC_SOURCE_TYPES),
    createRequiresSchemas: options.createRequiresSchemas ?? false,
    webhookSourceTypes: new Set(options.webhookSourceTypes ?? DEFAULT_WEBHOOK_SOURCE_TYPES),
    databaseSchemaEndpoint: options.databaseSchemaEndpoint ?? "post",
    now: options.now ?? Date.now,
  };
}
