import { ApiError } from "../../provider/http";
import type { ConnectionDto } from "../../provider/workiva/api-types";
import type { ConnectionPage, ListConnectionsOptions, WorkivaClient } from "../../provider/workiva/client";
import {
  CACHE_TTL_MS,
  DestinationDirectory,
  UnknownConnectionError,
} from "../../provider/workiva/destinations";

/** A fake client over `catalogue` (id -> destination), paged `pageSize` at a time, counting calls. */
function fakeClient(catalogue: Record<string, string>, listed: string[], pageSize: number) {
  const calls = { list: 0, details: [] as string[] };
  const dto = (id: string) =>
    ({ connectionId: id, destinationId: catalogue[id], destinationType: "spreadsheet" }) as ConnectionDto;
  const client = {
    async listConnections(options: ListConnectionsOptions = {}): Promise<ConnectionPage> {
      calls.list += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      const offset = options.cursor ? Number(options.cursor) : 0;
      const next = offset + pageSize < listed.length ? String(offset + pageSize) : null;
      return { connections: listed.slice(offset, offset + pageSize).map(dto), cursor: next };
    },
    async getConnection(id: string): Promise<ConnectionDto> {
      calls.details.push(id);
      if (!(id in catalogue)) {
        throw new ApiError({
          service: "workiva",
          method: "GET",
          path: `/api/v1/connections/${id}`,
          status: 404,
          kind: "http",
          ambiguous: false,
          retryable: false,
        });
      }
      return dto(id);
    },
  };
  return { client: client as unknown as WorkivaClient, calls };
}

describe("destination lookup", () => {
  const catalogue = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`c-${i}`, `dest-${i % 3}`]));
  const listed = Object.keys(catalogue).slice(0, 20); // c-20..c-24 are not in the list

  it("reads every cursor page once, shared by concurrent callers; details only for ids missing from the list", async () => {
    const { client, calls } = fakeClient(catalogue, listed, 8);
    const directory = new DestinationDirectory(client);
    const [first, second] = await Promise.all([
      directory.batchGroupsOf(["c-0", "c-19", "c-22"]),
      directory.batchGroupsOf(["c-5", "c-9"]),
    ]);
    expect(calls.list).toBe(3); // 8 + 8 + 4
    expect(calls.details).toEqual(["c-22"]);
    expect([...first]).toEqual([
      ["c-0", "into:dest-0"],
      ["c-19", "into:dest-1"],
      ["c-22", "into:dest-1"],
    ]);
    expect(second.get("c-9")).toBe("into:dest-0");

    await directory.batchGroupsOf(["c-1", "c-22"]);
    expect(calls.list).toBe(3); // cached for the run
    expect(calls.details).toEqual(["c-22"]);
  });

  it("an id the API does not know is an error naming it", async () => {
    const { client } = fakeClient(catalogue, listed, 100);
    const error = await new DestinationDirectory(client)
      .batchGroupsOf(["c-1", "ghost"])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownConnectionError);
    expect(String(error)).toContain("Workiva connection ghost was not found");
  });

  it("re-reads the list after the cache expires", async () => {
    let now = 0;
    const { client, calls } = fakeClient(catalogue, listed, 100);
    const directory = new DestinationDirectory(client, () => now);
    await directory.batchGroupsOf(["c-1", "c-2"]);
    now += CACHE_TTL_MS + 1;
    await directory.batchGroupsOf(["c-1", "c-2"]);
    expect(calls.list).toBe(2);
  });
});
