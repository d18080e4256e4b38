/**
 * Builds PosthogClients from the resolved configuration (provider/config.ts: stack config, then
 * environment). One HttpClient per host and key is shared by every client of the process.
 */
import { SETTINGS, lookup, posthogSettings, type PostHogSettings } from "../../config";
import { HttpClient, registerSecret } from "../../http";
import { PosthogClient } from "./client";

const httpClients = new Map<string, HttpClient>();

function httpClientFor(settings: PostHogSettings): HttpClient {
  const key = `${settings.host}\u0000${settings.apiKey}`;
  let client = httpClients.get(key);
  if (!client) {
    registerSecret(settings.apiKey);
    const header = `Bearer ${settings.apiKey}`;
    client = new HttpClient({
      service: "posthog",
      baseUrl: settings.host,
      // A personal API key cannot be renewed: a 401 is final.
      auth: { header: async () => header, invalidate: () => undefined },
    });
    httpClients.set(key, client);
  }
  return client;
}

/**
 * A client of `projectId` (or of the configured project). Throws a ConfigError naming the config
 * key and the environment variable when the key or the project is not configured.
 */
export function posthogClient(projectId?: string): PosthogClient {
  const settings = posthogSettings();
  const project = projectId ?? settings.projectId;
  if (!project) {
    throw new Error(
      "PostHog project is not set: give projectId, or set `pulumi config set posthog:projectId ...` or POSTHOG_PROJECT_ID",
    );
  }
  return new PosthogClient(httpClientFor(settings), project);
}

/** The configured project id, if any (used to default `projectId` in check). */
export function configuredProjectId(): string | undefined {
  return lookup(SETTINGS.posthogProjectId);
}
