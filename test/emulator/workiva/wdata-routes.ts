/** The Wdata connection endpoints under the prep base, as fastify routes. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { bearerAuthHook, grantOf } from "./auth";
import { MALFORMED_BODY_MESSAGE } from "./decisions";
import { errorAnswer, invalidRequest, type WdataAnswer } from "./envelope";
import { getBatchStatus, getConnection, getRunStatus, listConnections } from "./reads";
import { refreshBatch, refreshConnection } from "./refresh";
import type { WorkivaState } from "./state";

/** Prep base path; the provider's `apiUrl` is `<origin>/s/wdata/prep`. */
export const WDATA_PREP_BASE = "/s/wdata/prep";
/** Prefix of every connection endpoint. */
export const WDATA_CONNECTIONS_PATH = `${WDATA_PREP_BASE}/api/v1/connections`;

type Params = Record<string, string>;
type Query = Record<string, unknown>;

/** Register the six connection endpoints on `app`, each behind the bearer-token check. */
export function registerWdataRoutes(app: FastifyInstance, state: WorkivaState): void {
  const routeOptions = { onRequest: bearerAuthHook(state.tokens), errorHandler: envelopeErrorHandler };
  const base = WDATA_CONNECTIONS_PATH;

  app.get(base, routeOptions, (request, reply) => send(reply, listConnections(state, query(request))));
  app.post(`${base}/batch/refresh`, routeOptions, (request, reply) =>
    send(reply, refreshBatch(state, request.body, query(request).cancelUnwritables, grantOf(request))),
  );
  app.get(`${base}/batch/refresh/:batchId`, routeOptions, (request, reply) =>
    send(reply, getBatchStatus(state, params(request).batchId)),
  );
  app.get(`${base}/:connectionId`, routeOptions, (request, reply) =>
    send(reply, getConnection(state, params(request).connectionId)),
  );
  app.post(`${base}/:connectionId/refresh`, routeOptions, (request, reply) =>
    send(reply, refreshConnection(state, params(request).connectionId, request.body, grantOf(request))),
  );
  app.get(`${base}/:connectionId/status`, routeOptions, (request, reply) =>
    send(reply, getRunStatus(state, params(request).connectionId, query(request).jobId)),
  );
}

function send(reply: FastifyReply, answer: WdataAnswer): FastifyReply {
  if (answer.headers) reply.headers(answer.headers);
  return reply.code(answer.status).send(answer.body);
}

function params(request: FastifyRequest): Params {
  return request.params as Params;
}

function query(request: FastifyRequest): Query {
  return (request.query ?? {}) as Query;
}

/**
 * Body parsing errors raised by fastify (malformed JSON, unsupported content type, too large)
 * answer in the Wdata envelope; every other error goes on to the app's error handler.
 */
function envelopeErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const status = error.statusCode ?? 500;
  if (!error.code?.startsWith("FST_ERR_CTP_") || status < 400 || status >= 500) throw error;
  const answer =
    status === 400
      ? invalidRequest([MALFORMED_BODY_MESSAGE, error.message])
      : errorAnswer(status, error.message);
  return send(reply, answer);
}
