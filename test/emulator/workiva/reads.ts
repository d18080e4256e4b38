/** The read endpoints: list, details, run status, batch status. */
import { LAST_PAGE_CURSOR, STATUS_WITHOUT_JOB_ID_MEANS_LATEST } from "./decisions";
import { batchDto, connectionDto, runDto } from "./dto";
import { invalidRequest, notFound, ok, okList, type WdataAnswer } from "./envelope";
import { encodeCursor, parseListQuery } from "./list-query";
import type { WorkivaState } from "./state";

/** GET /api/v1/connections?sourceType&destinationType&sourceId&destinationId&limit&offset&cursor */
export function listConnections(state: WorkivaState, query: Record<string, unknown>): WdataAnswer {
  const parsed = parseListQuery(query);
  if (!parsed.ok) return invalidRequest(parsed.problems);
  const { sourceType, destinationType, sourceId, destinationId, limit, offset } = parsed.value;
  const matching = state.catalogue
    .all()
    .filter(
      (c) =>
        (sourceType === undefined || c.sourceType === sourceType) &&
        (destinationType === undefined || c.destinationType === destinationType) &&
        (sourceId === undefined || c.sourceId === sourceId) &&
        (destinationId === undefined || c.destinationId === destinationId),
    );
  const page = matching.slice(offset, offset + limit);
  const next = offset + limit < matching.length ? encodeCursor(offset + limit, limit) : undefined;
  return okList(
    page.map((c) => connectionDto(c, state.runs)),
    next ?? LAST_PAGE_CURSOR[state.behaviour.lastPageCursor],
  );
}

/** GET /api/v1/connections/{connectionId} */
export function getConnection(state: WorkivaState, connectionId: string): WdataAnswer {
  const connection = state.catalogue.get(connectionId);
  return connection ? ok(connectionDto(connection, state.runs)) : notFound();
}

/** GET /api/v1/connections/{connectionId}/status?jobId — without jobId, the latest run. */
export function getRunStatus(state: WorkivaState, connectionId: string, jobId: unknown): WdataAnswer {
  if (!state.catalogue.get(connectionId)) return notFound();
  if (jobId !== undefined && typeof jobId !== "string") return invalidRequest(["jobId: must be given once"]);
  const run =
    jobId === undefined || jobId === ""
      ? STATUS_WITHOUT_JOB_ID_MEANS_LATEST
        ? state.runs.latest(connectionId)
        : undefined
      : state.runs.byJob(jobId);
  if (!run || run.connectionId !== connectionId) return notFound();
  return ok(runDto(run, state.runs));
}

/** GET /api/v1/connections/batch/refresh/{batchId} */
export function getBatchStatus(state: WorkivaState, batchId: string): WdataAnswer {
  const batch = state.batches.get(batchId);
  return batch ? ok(batchDto(batch, state.runs)) : notFound();
}
