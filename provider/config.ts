/**
 * Configuration and credentials, resolved inside the provider process (never captured in the
 * serialized `__provider`): first the stack config the dynamic-provider host passes to
 * `configure`, then environment variables, then defaults.
 *
 * | setting              | config key             | environment variable     | default                 |
 * |----------------------|------------------------|--------------------------|-------------------------|
 * | PostHog host         | `posthog:host`         | `POSTHOG_HOST`           | `https://us.posthog.com`|
 * | PostHog API key      | `posthog:apiKey`       | `POSTHOG_API_KEY`        | (required)              |
 * | PostHog project      | `posthog:projectId`    | `POSTHOG_PROJECT_ID`     | (optional)              |
 * | Workiva region       | `workiva:region`       | `WORKIVA_REGION`         | `us` (`us`, `eu`, `apac`) |
 * | Wdata prep API base  | `workiva:apiUrl`       | `WORKIVA_API_URL`        | from the region         |
 * | Workiva token URL    | `workiva:tokenUrl`     | `WORKIVA_TOKEN_URL`      | from the region         |
 * | OAuth client id      | `workiva:clientId`     | `WORKIVA_CLIENT_ID`      |                         |
 * | OAuth client secret  | `workiva:clientSecret` | `WORKIVA_CLIENT_SECRET`  |                         |
 * | ready access token   | `workiva:accessToken`  | `WORKIVA_ACCESS_TOKEN`   |                         |
 *
 * Plain `http://` is accepted only for loopback hosts (127.0.0.0/8, localhost, ::1).
 * Every credential resolved here is registered with the redactor.
 */
import { registerSecret } from "./http/redact";

/** The part of the host's config object the provider uses (`req.config` in `configure`). */
export interface ConfigSource {
  /** Value of a fully qualified key such as `posthog:apiKey`, or undefined. */
  get(key: string): string | undefined;
}

/** A configuration problem; the message names the config key and the environment variable. */
export class ConfigError extends Error {
  override get name(): string {
    return "ConfigError";
  }
}

/** Resolved PostHog settings. */
export interface PostHogSettings {
  /** Base URL without trailing slash, e.g. `https://us.posthog.com`. */
  host: string;
  apiKey: string;
  projectId?: string;
}

/** Workiva regions and their hosts (contract `workiva-wdata.md`). */
export type WorkivaRegion = "us" | "eu" | "apac";

/** Prep API base and token endpoint of each Workiva region. */
export const WORKIVA_REGIONS: Readonly<Record<WorkivaRegion, { apiUrl: string; tokenUrl: string }>> = {
  us: { apiUrl: "https://h.app.wdesk.com/s/wdata/prep", tokenUrl: "https://api.app.wdesk.com/oauth2/token" },
  eu: { apiUrl: "https://h.eu.wdesk.com/s/wdata/prep", tokenUrl: "https://api.eu.wdesk.com/oauth2/token" },
  apac: {
    apiUrl: "https://h.apac.wdesk.com/s/wdata/prep",
    tokenUrl: "https://api.apac.wdesk.com/oauth2/token",
  },
};

/** Resolved Workiva settings. Credentials are optional here; the token manager checks them. */
export interface WorkivaSettings {
  region: WorkivaRegion;
  /** Prep API base without trailing slash, e.g. `https://h.app.wdesk.com/s/wdata/prep`. */
  apiUrl: string;
  /** Full token endpoint URL, e.g. `https://api.app.wdesk.com/oauth2/token`. */
  tokenUrl: string;
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
}

/** A setting: its config key and environment variable. */
export interface SettingName {
  key: string;
  env: string;
}

/** Every setting's config key and environment variable. */
export const SETTINGS = {
  posthogHost: { key: "posthog:host", env: "POSTHOG_HOST" },
  posthogApiKey: { key: "posthog:apiKey", env: "POSTHOG_API_KEY" },
  posthogProjectId: { key: "posthog:projectId", env: "POSTHOG_PROJECT_ID" },
  workivaRegion: { key: "workiva:region", env: "WORKIVA_REGION" },
  workivaApiUrl: { key: "workiva:apiUrl", env: "WORKIVA_API_URL" },
  workivaTokenUrl: { key: "workiva:tokenUrl", env: "WORKIVA_TOKEN_URL" },
  workivaClientId: { key: "workiva:clientId", env: "WORKIVA_CLIENT_ID" },
  workivaClientSecret: { key: "workiva:clientSecret", env: "WORKIVA_CLIENT_SECRET" },
  workivaAccessToken: { key: "workiva:accessToken", env: "WORKIVA_ACCESS_TOKEN" },
} as const satisfies Record<string, SettingName>;

/** Default PostHog host (US cloud). */
export const DEFAULT_POSTHOG_HOST = "https://us.posthog.com";

let stackConfig: ConfigSource | undefined;

/**
 * Stores the stack config passed by the dynamic-provider host (`configure(req)` ->
 * `configure(req.config)`). Later calls replace it.
 */
export function configure(config: ConfigSource): void {
  stackConfig = config;
}

/** Forgets the stored stack config. For tests. */
export function resetConfig(): void {
  stackConfig = undefined;
}

/** The value of a setting: stack config first, then environment; blank values count as unset. */
export function lookup(setting: SettingName): string | undefined {
  const fromConfig = safeGet(setting.key);
  if (fromConfig !== undefined) return fromConfig;
  const fromEnv = process.env[setting.env]?.trim();
  return fromEnv ? fromEnv : undefined;
}

function safeGet(key: string): string | undefined {
  let value: unknown;
  try {
    value = stackConfig?.get(key);
  } catch {
    return undefined;
  }
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text ? text : undefined;
}

/** How to set a setting, for error messages. */
export function howToSet(setting: SettingName, secret = false): string {
  return `set \`pulumi config set${secret ? " --secret" : ""} ${setting.key} ...\` or ${setting.env}`;
}

/** A setting's value, or a ConfigError naming both ways to set it. */
function required(setting: SettingName, what: string, secret: boolean): string {
  const value = lookup(setting);
  if (value === undefined) throw new ConfigError(`${what} is not configured: ${howToSet(setting, secret)}`);
  return value;
}

function secretSetting(setting: SettingName): string | undefined {
  const value = lookup(setting);
  registerSecret(value);
  return value;
}

/**
 * PostHog settings. Throws ConfigError when the API key is missing or the host is not a valid
 * https:// URL (http:// only for loopback).
 */
export function posthogSettings(): PostHogSettings {
  const apiKey = required(SETTINGS.posthogApiKey, "PostHog API key", true);
  registerSecret(apiKey);
  const host = checkedBaseUrl(
    lookup(SETTINGS.posthogHost) ?? DEFAULT_POSTHOG_HOST,
    "PostHog host",
    SETTINGS.posthogHost,
  );
  const projectId = lookup(SETTINGS.posthogProjectId);
  return projectId === undefined ? { host, apiKey } : { host, apiKey, projectId };
}

/**
 * Workiva settings: region (default `us`) picks both hosts, `apiUrl`/`tokenUrl` override them.
 * Credentials are returned as configured (possibly none); see `provider/workiva/auth.ts`.
 * Throws ConfigError on an unknown region or an invalid URL.
 */
export function workivaSettings(): WorkivaSettings {
  const region = workivaRegion();
  const hosts = WORKIVA_REGIONS[region];
  const apiUrl = checkedBaseUrl(
    lookup(SETTINGS.workivaApiUrl) ?? hosts.apiUrl,
    "Workiva API URL",
    SETTINGS.workivaApiUrl,
  );
  const tokenUrl = checkedBaseUrl(
    lookup(SETTINGS.workivaTokenUrl) ?? hosts.tokenUrl,
    "Workiva token URL",
    SETTINGS.workivaTokenUrl,
  );
  const settings: WorkivaSettings = { region, apiUrl, tokenUrl };
  const clientId = lookup(SETTINGS.workivaClientId);
  const clientSecret = secretSetting(SETTINGS.workivaClientSecret);
  const accessToken = secretSetting(SETTINGS.workivaAccessToken);
  if (clientId !== undefined) settings.clientId = clientId;
  if (clientSecret !== undefined) settings.clientSecret = clientSecret;
  if (accessToken !== undefined) settings.accessToken = accessToken;
  return settings;
}

/** The Workiva credentials a deployment uses: client credentials (preferred) or a ready token. */
export type WorkivaCredentials =
  { kind: "client"; clientId: string; clientSecret: string } | { kind: "token"; accessToken: string };

/**
 * The credentials in `settings`: client id + secret when both are set, else a ready access
 * token. Throws ConfigError naming the config keys and variables (never a value) when neither is
 * usable.
 */
export function workivaCredentials(settings: WorkivaSettings): WorkivaCredentials {
  const { clientId, clientSecret, accessToken } = settings;
  if (clientId !== undefined && clientSecret !== undefined) return { kind: "client", clientId, clientSecret };
  if (accessToken !== undefined) return { kind: "token", accessToken };
  if (clientId !== undefined) {
    throw new ConfigError(
      `Workiva client secret is not configured: ${howToSet(SETTINGS.workivaClientSecret, true)}`,
    );
  }
  if (clientSecret !== undefined) {
    throw new ConfigError(`Workiva client id is not configured: ${howToSet(SETTINGS.workivaClientId)}`);
  }
  throw new ConfigError(
    `Workiva credentials are not configured: ${howToSet(SETTINGS.workivaClientId)}, and ` +
      `${howToSet(SETTINGS.workivaClientSecret, true)}; or give a ready token: ${howToSet(SETTINGS.workivaAccessToken, true)}`,
  );
}

/** The services whose configuration a provider's `check` verifies. */
export type ConfiguredService = "posthog" | "workiva";

/**
 * Verifies a service's configuration the way the first API call of `up` would (credentials
 * present, host URLs valid: https://, http:// only for loopback), without calling any API. Every
 * provider's `check` calls it first, so a configuration problem fails `pulumi preview` with the
 * same ConfigError `up` gives: it names the config key and the environment variable, never a value.
 */
export function assertConfigured(service: ConfiguredService): void {
  if (service === "posthog") posthogSettings();
  else workivaCredentials(workivaSettings());
}

function workivaRegion(): WorkivaRegion {
  const raw = lookup(SETTINGS.workivaRegion);
  if (raw === undefined) return "us";
  const region = raw.toLowerCase();
  if (region in WORKIVA_REGIONS) return region as WorkivaRegion;
  throw new ConfigError(
    `Workiva region "${raw}" is not one of us, eu, apac (${SETTINGS.workivaRegion.key} / ${SETTINGS.workivaRegion.env})`,
  );
}

/** True for loopback hosts: 127.0.0.0/8, `localhost` (and `*.localhost`), ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255);
}

/**
 * Validates a base URL: absolute, https:// (http:// only for loopback), no credentials or query;
 * returns it without trailing slash. Errors name the setting's key and variable.
 */
export function checkedBaseUrl(value: string, what: string, setting: SettingName): string {
  const where = `(${setting.key} / ${setting.env})`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${what} "${value}" is not an absolute URL ${where}`);
  }
  if (url.username || url.password) {
    throw new ConfigError(`${what} must not contain credentials ${where}`);
  }
  if (url.protocol === "http:") {
    if (!isLoopbackHost(url.hostname)) {
      throw new ConfigError(
        `${what} must use https:// (plain http:// is accepted only for loopback hosts): got "${url.origin}" ${where}`,
      );
    }
  } else if (url.protocol !== "https:") {
    throw new ConfigError(`${what} must be an https:// URL: got "${url.protocol}" ${where}`);
  }
  if (url.search || url.hash) throw new ConfigError(`${what} must not have a query or fragment ${where}`);
  return url.toString().replace(/\/+$/, "");
}
