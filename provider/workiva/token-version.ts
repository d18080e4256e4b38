/**
 * Which Workiva API version a token request speaks (the `X-Version` header).
 *
 * Workiva's platform API is versioned by `X-Version`; a request without it is served by the
 * 2022-01-01 version, whose token endpoint is `/iam/v1/oauth2/token` (deprecated 2026-02-12,
 * sunset 2029-01-31). `/oauth2/token` is documented only in 2026-01-01 (`oas/platform.yaml`,
 * operation `tokenRequest`, "2026-01-01 Version of the Workiva API"). So the provider never
 * relies on the default version: every token request carries the version its path needs.
 *
 * - `/iam/v1/oauth2/token` (a token URL the user set to the deprecated endpoint): `2022-01-01`.
 * - any other path (the region default `/oauth2/token`, or a proxy): WORKIVA_API_VERSION.
 * - `workiva:apiVersion` / `WORKIVA_API_VERSION` overrides both (e.g. a newer version, later).
 */
import { ConfigError, lookup, type SettingName } from "../config";

/** The pinned Workiva API version of token requests on `/oauth2/token`. */
export const WORKIVA_API_VERSION = "2026-01-01";

/** The deprecated token path and the version that serves it. */
export const LEGACY_TOKEN_PATH = "/iam/v1/oauth2/token";
/** The version that serves LEGACY_TOKEN_PATH (and every request without `X-Version`). */
export const LEGACY_API_VERSION = "2022-01-01";

/** The setting that overrides the version: stack config first, then the environment. */
export const API_VERSION_SETTING: SettingName = { key: "workiva:apiVersion", env: "WORKIVA_API_VERSION" };

/** The `X-Version` a token request to `tokenUrl` sends (`override` wins when given). */
export function tokenApiVersion(tokenUrl: string, override?: string): string {
  if (override) return override;
  const path = new URL(tokenUrl).pathname.replace(/\/+$/, "");
  return path.endsWith(LEGACY_TOKEN_PATH) ? LEGACY_API_VERSION : WORKIVA_API_VERSION;
}

/** The override configured by the user, if any (checked: a YYYY-MM-DD date). */
export function configuredApiVersion(): string | undefined {
  const value = lookup(API_VERSION_SETTING);
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new ConfigError(
      `Workiva API version "${value}" is not a YYYY-MM-DD date (${API_VERSION_SETTING.key} / ${API_VERSION_SETTING.env})`,
    );
  }
  return value;
}
