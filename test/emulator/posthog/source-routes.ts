/** external_data_sources/: list, create, retrieve, update, delete. */
import type { FastifyInstance } from "fastify";
import { READ_SCOPE, WRITE_SCOPE } from "./enums";
import { cancelJob } from "./jobs";
import { paginate, searchTerm } from "./pagination";
import { addRoute } from "./route";
import { listedSourceJson, sourceJson } from "./serialize";
import { createSource } from "./source-create";
import { patchSource } from "./source-patch";
import type { PosthogStore } from "./store";

/** Registers the source collection and item routes. */
export function registerSourceRoutes(app: FastifyInstance, store: PosthogStore): void {
  addRoute(app, store, "GET", "external_data_sources", READ_SCOPE, ({ projectId, query, request }) => {
    const term = searchTerm(query);
    const sources = store
      .liveSources(projectId)
      .filter(
        (source) =>
          !term ||
          source.sourceType.toLowerCase().includes(term) ||
          (source.prefix ?? "").toLowerCase().includes(term),
      );
    const page = paginate(sources, query, request);
    return {
      status: 200,
      body: { ...page, results: page.results.map((source) => listedSourceJson(store, source)) },
    };
  });

  addRoute(app, store, "POST", "external_data_sources", WRITE_SCOPE, ({ projectId, caller, body }) => {
    const source = createSource(store, projectId, caller, body);
    return { status: 201, body: { id: source.id } };
  });

  addRoute(app, store, "GET", "external_data_sources/:id", READ_SCOPE, ({ projectId, params }) => ({
    status: 200,
    body: sourceJson(store, store.liveSource(projectId, params.id)),
  }));

  addRoute(app, store, "PATCH", "external_data_sources/:id", WRITE_SCOPE, ({ projectId, params, body }) => {
    const source = store.liveSource(projectId, params.id);
    patchSource(store, source, body);
    return { status: 200, body: sourceJson(store, source) };
  });

  addRoute(app, store, "DELETE", "external_data_sources/:id", WRITE_SCOPE, ({ projectId, params }) => {
    const source = store.liveSource(projectId, params.id);
    for (const job of store.jobsOf(source.id)) if (job.status === "Running") cancelJob(store, job);
    store.softDeleteSource(source);
    return { status: 204 };
  });
}
