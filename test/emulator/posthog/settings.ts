/** Options of the PostHog emulator with every default filled in. */
import { READ_SCOPE, WRITE_SCOPE } from "./enums";
import { buildConfigSpecs, type SourceConfigSpec } from "./source-configs";
import { DEFAULT_WEBHOOK_SOURCE_TYPES } from "./policy";
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
  configSpecs: Map<string, SourceConfigSpec>;
  webhookSourceTypes: Set<string>;
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
    configSpecs: buildConfigSpecs(options),
    webhookSourceTypes: new Set(options.webhookSourceTypes ?? DEFAULT_WEBHOOK_SOURCE_TYPES),
    now: options.now ?? Date.now,
  };
}
