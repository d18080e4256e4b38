/** Personal API key authentication, project access and scopes. */
import { READ_SCOPE, WRITE_SCOPE, type Scope } from "./enums";
import { drfError, notFound } from "./errors";
import {
  AUTHENTICATION_FAILED_DETAIL,
  CURRENT_PROJECT_ALIAS,
  NOT_AUTHENTICATED_DETAIL,
  UNKNOWN_PROJECT_DETAIL,
  missingScopeDetail,
} from "./policy";
import type { PosthogSettings } from "./settings";

/** The caller behind a request. */
export interface Caller {
  key: string;
  scopes: Set<string>;
}

/** Reads `Authorization: Bearer <key>`: 401 not_authenticated without one, authentication_failed
 * for an unknown key. */
export function authenticate(settings: PosthogSettings, authorization: string | undefined): Caller {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) {
    throw drfError(401, "authentication_error", "not_authenticated", NOT_AUTHENTICATED_DETAIL);
  }
  const scopes = settings.apiKeys.get(match[1]);
  if (!scopes) {
    throw drfError(401, "authentication_error", "authentication_failed", AUTHENTICATION_FAILED_DETAIL);
  }
  return { key: match[1], scopes };
}

/** The project id the path names (`@current` = the first project), or 404. */
export function resolveProject(settings: PosthogSettings, projectId: string): string {
  const resolved = projectId === CURRENT_PROJECT_ALIAS ? settings.projects[0] : projectId;
  if (resolved === undefined || !settings.projects.includes(resolved)) throw notFound(UNKNOWN_PROJECT_DETAIL);
  return resolved;
}

/** 403 permission_denied unless the caller holds `scope` (write implies read, `*` is everything). */
export function requireScope(caller: Caller, scope: Scope): void {
  const { scopes } = caller;
  const granted = scopes.has("*") || scopes.has(scope) || (scope === READ_SCOPE && scopes.has(WRITE_SCOPE));
  if (!granted) {
    throw drfError(403, "authentication_error", "permission_denied", missingScopeDetail(scope));
  }
}
