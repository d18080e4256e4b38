/**
 * The Workiva objects one provider process shares across resources: the Wdata client (on the
 * shared HttpClient with the shared token manager as auth hook) and the destination cache.
 * Built on first use from the configuration (`configure`, then the environment).
 */
import { workivaSettings } from "../config";
import { HttpClient, type AuthHook } from "../http";
import { workivaAuth } from "./auth";
import { WorkivaClient } from "./client";
import { DestinationDirectory } from "./destinations";

/** What a Workiva operation works with. */
export interface WorkivaSession {
  /** The Wdata client. */
  client: WorkivaClient;
  /** Destinations learned so far. */
  destinations: DestinationDirectory;
}

const sessions = new Map<string, { auth: AuthHook; session: WorkivaSession }>();

/**
 * The session for the current configuration (one per API URL and auth hook; the token manager
 * itself is shared process-wide by auth.ts). Throws ConfigError when settings are missing.
 */
export function workivaSession(): WorkivaSession {
  const settings = workivaSettings();
  const auth = workivaAuth(settings);
  const key = settings.apiUrl;
  const existing = sessions.get(key);
  if (existing && existing.auth === auth) return existing.session;
  const client = new WorkivaClient(new HttpClient({ service: "workiva", baseUrl: settings.apiUrl, auth }));
  const session: WorkivaSession = { client, destinations: new DestinationDirectory(client) };
  sessions.set(key, { auth, session });
  return session;
}

/** Forgets every session (and so every cached destination). For tests. */
export function resetWorkivaSessions(): void {
  sessions.clear();
}
