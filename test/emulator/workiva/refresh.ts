/** Starting refreshes: the single endpoint and the batch endpoint with the batch rules. */
import {
  BATCH_HONOURS_USE_PREVIOUS,
  BATCH_RECORD_TYPE,
  batchRefusal,
  BATCH_UNKNOWN_CONNECTION_STATUS,
  UNWRITABLE_CANCELLED_MESSAGE,
  UNWRITABLE_ERROR_MESSAGE,
  alreadyRunningMessage,
} from "./decisions";
import { batchDto, runDto } from "./dto";
import { errorAnswer, invalidRequest, notFound, ok, type WdataAnswer } from "./envelope";
import type { ConnectionRecord } from "./catalogue";
import { parseBatchBody, parseRefreshBody, type RefreshRequest } from "./refresh-request";
import type { RunOutcome } from "./run-timeline";
import type { Run } from "./runs";
import type { WorkivaState } from "./state";
import type { TokenGrant } from "./tokens";

/** POST /api/v1/connections/{connectionId}/refresh */
export function refreshConnection(
  state: WorkivaState,
  connectionId: string,
  body: unknown,
  grant: TokenGrant,
): WdataAnswer {
  const parsed = parseRefreshBody(body);
  if (!parsed.ok) return invalidRequest(parsed.problems);
  const request = parsed.value;
  if (request.connectionId !== undefined && request.connectionId !== connectionId) {
    return invalidRequest([
      `connectionId in body (${request.connectionId}) does not match the path (${connectionId})`,
    ]);
  }
  const connection = state.catalogue.get(connectionId);
  if (!connection) return notFound();
  if (state.runs.isRunning(connectionId)) {
    return errorAnswer(state.behaviour.alreadyRunningStatus, alreadyRunningMessage([connectionId]));
  }
  const startFailure = state.catalogue.startFailure(connectionId);
  if (startFailure !== undefined) return ok({ connectionId, error: startFailure });
  const run = startRun(state, connection, request, grant, {
    batchRefreshId: null,
    cancelUnwritables: false,
    usePrevious: true,
  });
  return ok(runDto(run, state.runs));
}

/** POST /api/v1/connections/batch/refresh?cancelUnwritables=bool */
export function refreshBatch(
  state: WorkivaState,
  body: unknown,
  cancelUnwritablesParam: unknown,
  grant: TokenGrant,
): WdataAnswer {
  const cancelUnwritables = parseBoolean(cancelUnwritablesParam);
  if (cancelUnwritables === undefined) return invalidRequest(["cancelUnwritables: must be true or false"]);
  const parsed = parseBatchBody(body);
  if (!parsed.ok) return invalidRequest(parsed.problems);
  const requests = parsed.value;

  const unknown = requests.map((r) => r.connectionId as string).filter((id) => !state.catalogue.get(id));
  if (unknown.length > 0) {
    const details = unknown.map((id) => ({
      code: "not_found",
      message: `Connection ${id} not found`,
      target: id,
    }));
    return errorAnswer(BATCH_UNKNOWN_CONNECTION_STATUS, "Not found", details);
  }
  const connections = requests.map((r) => state.catalogue.get(r.connectionId as string) as ConnectionRecord);

  const ineligible = batchEligibilityProblem(connections);
  if (ineligible) return batchRefusal(state.behaviour.batchRefusalStatus, ineligible);

  const running = connections.map((c) => c.connectionId).filter((id) => state.runs.isRunning(id));
  if (running.length > 0) {
    return errorAnswer(state.behaviour.alreadyRunningStatus, alreadyRunningMessage(running));
  }

  const batch = state.batches.create({
    createdMs: state.now(),
    createdBy: grant.clientId,
    cancelUnwritables,
  });
  connections.forEach((connection, index) => {
    const startFailure = state.catalogue.startFailure(connection.connectionId);
    if (startFailure !== undefined) {
      batch.failedStarts.push({ connectionId: connection.connectionId, error: startFailure });
      return;
    }
    const run = startRun(state, connection, requests[index], grant, {
      batchRefreshId: batch.batchRefreshId,
      cancelUnwritables,
      usePrevious: BATCH_HONOURS_USE_PREVIOUS,
    });
    batch.jobIds.push(run.jobId);
  });
  return ok(batchDto(batch, state.runs));
}

/** `undefined` when absent -> false; "true"/"false" (any case); anything else -> undefined. */
function parseBoolean(value: unknown): boolean | undefined {
  if (value === undefined) return false;
  if (typeof value !== "string") return undefined;
  const lower = value.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  return undefined;
}

/**
 * Why these connections may not be refreshed in one batch, or undefined when they may: every one
 * an incoming connection of the same spreadsheet, or every one an outgoing connection of the
 * same workbook (`oas/wdata.yaml`, operation `refreshBatch`).
 */
export function batchEligibilityProblem(connections: readonly ConnectionRecord[]): string | undefined {
  const into = new Set(
    connections.map((c) => (c.destinationType === BATCH_RECORD_TYPE ? c.destinationId : null)),
  );
  if (!into.has(null) && into.size === 1) return undefined;
  const from = new Set(connections.map((c) => (c.sourceType === BATCH_RECORD_TYPE ? c.sourceId : null)));
  if (!from.has(null) && from.size === 1) return undefined;
  const described = connections.map(
    (c) => `${c.connectionId} (${c.sourceType} ${c.sourceId} -> ${c.destinationType} ${c.destinationId})`,
  );
  return (
    "A batch refreshes incoming connections of one spreadsheet, or outgoing connections of one " +
    `workbook; use the single refresh for: ${described.join(", ")}`
  );
}

interface RunContext {
  batchRefreshId: string | null;
  cancelUnwritables: boolean;
  usePrevious: boolean;
}

/** Create one run: parameters (usePrevious* override explicit ones), outcome decided now. */
function startRun(
  state: WorkivaState,
  connection: ConnectionRecord,
  request: RefreshRequest,
  grant: TokenGrant,
  context: RunContext,
): Run {
  const previous = state.runs.latest(connection.connectionId);
  const sourceParameters =
    context.usePrevious && request.usePreviousSourceParameters
      ? { ...(previous?.sourceParameters ?? {}) }
      : { ...(request.sourceParameters ?? {}) };
  const destinationParameters =
    context.usePrevious && request.usePreviousDestinationParameters
      ? { ...(previous?.destinationParameters ?? {}) }
      : { ...(request.destinationParameters ?? {}) };
  return state.runs.start({
    connectionId: connection.connectionId,
    batchRefreshId: context.batchRefreshId,
    createdMs: state.now(),
    durationMs: state.runMs,
    createdBy: grant.clientId,
    workspaceId: connection.workspaceId,
    sourceParameters,
    destinationParameters,
    outcome: decideOutcome(state, connection, context.cancelUnwritables),
  });
}

function decideOutcome(
  state: WorkivaState,
  connection: ConnectionRecord,
  cancelUnwritables: boolean,
): RunOutcome {
  if (state.catalogue.isUnwritable(connection.connectionId)) {
    return cancelUnwritables
      ? { kind: "rejected", status: "cancelled", message: UNWRITABLE_CANCELLED_MESSAGE }
      : { kind: "rejected", status: "error", message: UNWRITABLE_ERROR_MESSAGE };
  }
  const failure = state.catalogue.takeFailure(connection.connectionId);
  return failure === undefined ? { kind: "complete" } : { kind: "fail", message: failure.message };
}
