/**
 * How an ExternalDataSource create whose answer was lost is resolved without ever creating a
 * duplicate or leaving an orphan. Every choice about it lives here.
 *
 * - Only a source of the same type and prefix CREATED SINCE our first POST (allowing for clock
 *   skew) can be ours; an older one belongs to someone else and is never adopted silently.
 * - An answer that came back (a 5xx, a malformed body) means PostHog finished the request: one
 *   look-up decides. A timeout or a dropped connection means it may still be working: the source
 *   is looked up again, with backoff, for one request timeout before anything is sent again.
 * - A re-sent POST that PostHog rejects as a duplicate of that type and prefix means the first
 *   one did create it: the look-up adopts it.
 * - A duplicate rejection of our first POST is someone else's source: the error names its id and
 *   how to adopt it (`existingSourceId`).
 */
import { isApiError, resolveTimingSettings, type ApiError } from "../../http";
import type { ApiSource } from "../api/types";
import type { PosthogClient } from "../api/client";
import { stringOrUndefined } from "../common/values";

/** How far PostHog's clock may be behind ours when comparing `created_at` with our send time. */
export const CLOCK_SKEW_MS = 2 * 60_000;
const FIRST_RETRY_LOOKUP_MS = 500;
const MAX_LOOKUP_INTERVAL_MS = 5_000;

/** PostHog's create answers when a source of that type (and prefix) exists already. */
const DUPLICATE_SOURCE = /already uses the prefix|already have a source of this type/i;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Is this the 400 PostHog answers for a second source of the same type and prefix? */
export function isDuplicateRejection(error: unknown): error is ApiError {
  return (
    isApiError(error) && error.status === 400 && DUPLICATE_SOURCE.test(error.apiMessage ?? error.message)
  );
}

/** The source of this type and prefix, if one exists (the list is searched by prefix, else type). */
export async function findSource(
  client: PosthogClient,
  sourceType: string,
  prefix: string | undefined,
): Promise<ApiSource | undefined> {
  const candidates = await client.listSources(prefix || sourceType);
  return candidates.find(
    (source) =>
      source.source_type === sourceType && (stringOrUndefined(source.prefix) ?? "") === (prefix ?? ""),
  );
}

/** Could this source have been created by a request sent at `sentAt`? */
export function createdSince(source: ApiSource, sentAt: number): boolean {
  const created = Date.parse(source.created_at ?? "");
  return Number.isNaN(created) || created >= sentAt - CLOCK_SKEW_MS;
}

/** How long PostHog may still be working on a request whose answer was lost this way. */
export function settleWindowMs(error: ApiError): number {
  return error.kind === "timeout" || error.kind === "network" ? resolveTimingSettings().timeoutMs : 0;
}

/**
 * Looks for the source a request sent at `sentAt` may have created, for up to `windowMs`. A
 * failing look-up is an error that says the source may exist, so nobody re-sends blindly.
 */
export async function findOurSource(
  client: PosthogClient,
  target: { sourceType: string; prefix?: string },
  sentAt: number,
  windowMs: number,
  lost: ApiError,
): Promise<ApiSource | undefined> {
  const until = Date.now() + windowMs;
  for (let delay = FIRST_RETRY_LOOKUP_MS; ; delay = Math.min(delay * 2, MAX_LOOKUP_INTERVAL_MS)) {
    let found: ApiSource | undefined;
    try {
      found = await findSource(client, target.sourceType, target.prefix);
    } catch (lookupError) {
      const why = lookupError instanceof Error ? lookupError.message : String(lookupError);
      throw new Error(
        `PostHog may have created the ${target.sourceType} source with prefix "${target.prefix ?? ""}" ` +
          `(its answer was lost: ${lost.message}) and looking it up failed: ${why}. Nothing was sent again; ` +
          "run `pulumi up` again: if the source exists, the error will name it and how to adopt it.",
      );
    }
    if (found && createdSince(found, sentAt)) return found;
    if (Date.now() + delay > until) return undefined;
    await sleep(delay);
  }
}

/** A duplicate rejection of our own first POST: names the existing source and how to adopt it. */
export async function explainRejection(
  client: PosthogClient,
  target: { sourceType: string; prefix?: string },
  error: unknown,
): Promise<unknown> {
  if (!isDuplicateRejection(error)) return error;
  const existing = await findSource(client, target.sourceType, target.prefix).catch(() => undefined);
  if (!existing) return error;
  return new Error(
    `${error.message}. The existing source is ${existing.id}: to manage it with this resource, set ` +
      `existingSourceId: "${existing.id}"; to add another ${target.sourceType} source, give it another prefix.`,
  );
}
