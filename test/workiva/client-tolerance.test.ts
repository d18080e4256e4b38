/**
 * The Wdata client reads answers where the reference (`oas/wdata.yaml`) marks no field required:
 * absent, null, empty or oddly typed fields read as absent; the last page's cursor may be null,
 * absent or empty. And a batch poll that does not list a run reads that run by its job.
 */
import type { HttpClient } from "../../provider/http";
import { WorkivaClient } from "../../provider/workiva/client";
import { refreshRunStatuses } from "../../provider/workiva/run-tracker";
import type { RunOutput } from "../../provider/workiva/refresh-types";

/** A client whose HTTP layer answers `body` (in the `{body, code}` envelope unless `raw`). */
function answering(answers: Record<string, unknown>) {
  const paths: string[] = [];
  const http = {
    async request({ path }: { path: string }) {
      paths.push(path);
      const key = Object.keys(answers).find((suffix) => path.endsWith(suffix));
      if (key === undefined) throw new Error(`unexpected call ${path}`);
      return { status: 200, data: answers[key], headers: {} };
    },
  };
  return { client: new WorkivaClient(http as unknown as HttpClient), paths };
}

describe("tolerant reads", () => {
  it.each([[{}], [{ cursor: null }], [{ cursor: "" }]])(
    "a last page with %j has no next cursor",
    async (extra) => {
      const { client } = answering({
        "/api/v1/connections": {
          body: [{ connectionId: "a", destinationId: "d" }, { name: "no id" }],
          code: 200,
          ...extra,
        },
      });
      const page = await client.listConnections();
      expect(page.cursor).toBeNull();
      expect(page.connections.map((c) => c.connectionId)).toEqual(["a"]);
    },
  );

  it("runs and batches with fields absent, null or of another type", async () => {
    const { client } = answering({
      "/x/status": { body: { jobId: "j", sourceStatus: null, error: 7, extra: true }, code: 200 },
      "/batch/refresh/B": { body: { childRefreshes: null, error: null }, code: 200 },
      "/x": { body: { lastRunJobId: null, lastRun: "odd", destinationType: 3 }, code: 200 },
    });
    expect(await client.getRun("x", "j")).toEqual({ jobId: "j", extra: true });
    expect((await client.getBatch("B")).childRefreshes).toEqual([]);
    const details = await client.getConnection("x");
    expect(details).toMatchObject({ connectionId: "x", lastRun: null });
    expect(details.lastRunJobId).toBeUndefined();
    expect(details.destinationType).toBeUndefined();
    expect(await client.getConnectionAsSent("x")).toEqual({
      connectionId: "x",
      lastRunJobId: null,
      lastRun: "odd",
      destinationType: 3,
    });
  });

  it("a run the batch poll does not list is read by its job; missing statuses stay not terminal", async () => {
    const { client, paths } = answering({
      "/batch/refresh/B": {
        body: {
          childRefreshes: [{ connectionId: "a", sourceStatus: "complete", destinationStatus: "complete" }],
        },
        code: 200,
      },
      "/b/status": { body: { sourceStatus: "error", destinationStatus: "error" }, code: 200 },
    });
    const runs: RunOutput[] = [
      {
        connectionId: "a",
        jobId: "ja",
        batchRefreshId: "B",
        sourceStatus: "running",
        destinationStatus: "not_started",
      },
      {
        connectionId: "b",
        jobId: "jb",
        batchRefreshId: "B",
        sourceStatus: "running",
        destinationStatus: "not_started",
      },
    ];
    const fresh = await refreshRunStatuses(client, runs);
    expect(paths).toEqual(["/api/v1/connections/batch/refresh/B", "/api/v1/connections/b/status"]);
    expect(fresh).toEqual([
      {
        connectionId: "a",
        jobId: "ja",
        batchRefreshId: "B",
        sourceStatus: "complete",
        destinationStatus: "complete",
      },
      {
        connectionId: "b",
        jobId: "jb",
        batchRefreshId: "B",
        sourceStatus: "error",
        destinationStatus: "error",
      },
    ]);
  });
});
