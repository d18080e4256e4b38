/**
 * Where each connection reads and writes (its destination and source ids and types, which decide
 * its batch group: batch-plan.ts), learned with as few calls as possible and cached for the
 * provider process (one `pulumi up`):
 * - the whole connection list is read once (cursor pages of 1000; one call for most workspaces),
 *   shared by every Refresh of the process, even when they ask at the same time;
 * - ids missing from the list are looked up one by one (GET details); a 404 is an error naming
 *   the id;
 * - entries expire after CACHE_TTL_MS, so a long-lived process re-reads the list.
 */
import { isApiError } from "../http";
import { batchGroupOf } from "./batch-plan";
import type { WorkivaClient } from "./client";
import { forEachLimited } from "./concurrency";

/** How long learned destinations are trusted. */
export const CACHE_TTL_MS = 5 * 60_000;

/** Most detail lookups in flight at once. */
const DETAIL_CONCURRENCY = 8;

/** A connection the API does not know. */
export class UnknownConnectionError extends Error {
  override get name(): string {
    return "UnknownConnectionError";
  }
  /** @param connectionId the id the API answered 404 for */
  constructor(readonly connectionId: string) {
    super(
      `Workiva connection ${connectionId} was not found (GET /api/v1/connections/${connectionId} answered 404)`,
    );
  }
}

/** Batch groups of connections (null: refreshed alone), learned from the API and cached. */
export class DestinationDirectory {
  private readonly known = new Map<string, string | null>();
  private listing?: Promise<void>;
  private listedAt = Number.NEGATIVE_INFINITY;

  /**
   * @param client the Wdata client
   * @param now clock (default Date.now)
   */
  constructor(
    private readonly client: WorkivaClient,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The batch group of every id in `connectionIds`, undefined for one refreshed alone
   * (`workspaceOf` gives the workspace for detail lookups). Throws UnknownConnectionError for an
   * id the API does not know.
   */
  async batchGroupsOf(
    connectionIds: readonly string[],
    workspaceOf: (connectionId: string) => string | undefined = () => undefined,
  ): Promise<Map<string, string | undefined>> {
    if (this.now() - this.listedAt > CACHE_TTL_MS) {
      this.known.clear();
      this.listing = undefined;
    }
    if (connectionIds.some((id) => !this.known.has(id))) await this.listOnce();
    const missing = connectionIds.filter((id) => !this.known.has(id));
    await forEachLimited(missing, DETAIL_CONCURRENCY, async (id) => {
      try {
        const details = await this.client.getConnection(id, workspaceOf(id));
        this.known.set(id, batchGroupOf(details) ?? null);
      } catch (err) {
        if (isApiError(err) && err.status === 404) throw new UnknownConnectionError(id);
        throw err;
      }
    });
    return new Map(connectionIds.map((id) => [id, this.known.get(id) ?? undefined]));
  }

  /** Reads the whole list once per TTL (concurrent callers share the same reading). */
  private listOnce(): Promise<void> {
    if (!this.listing) {
      this.listedAt = this.now();
      this.listing = this.readList().catch((err: unknown) => {
        this.listing = undefined;
        this.listedAt = Number.NEGATIVE_INFINITY;
        throw err;
      });
    }
    return this.listing;
  }

  private async readList(): Promise<void> {
    let cursor: string | null = null;
    const seen = new Set<string>();
    do {
      const page = await this.client.listConnections({ cursor });
      for (const connection of page.connections)
        this.known.set(connection.connectionId, batchGroupOf(connection) ?? null);
      // The last page's cursor may be null, absent or empty (the client reads all three as null).
      // An API that hands back a cursor already seen would loop forever; stop instead.
      if (page.cursor !== null && seen.has(page.cursor)) break;
      if (page.cursor !== null) seen.add(page.cursor);
      cursor = page.connections.length > 0 ? page.cursor : null;
    } while (cursor !== null);
  }
}
