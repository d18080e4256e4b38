/**
 * The OAuth2 token endpoints, routed by API version (`X-Version`) as Workiva documents them:
 * `POST /oauth2/token` exists in 2026-01-01 only; `POST /iam/v1/oauth2/token` in 2022-01-01, which
 * also serves every request without the header. See decisions.ts (TOKEN_PATHS_BY_VERSION).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DEFAULT_API_VERSION, TOKEN_ERROR_URI, TOKEN_PATHS_BY_VERSION } from "./decisions";
import { checkTokenRequest } from "./token-request";
import type { TokenStore } from "./tokens";

/** Every path a token request may be sent to (each served by one version). */
export const TOKEN_PATHS = ["/oauth2/token", "/iam/v1/oauth2/token"] as const;

/** The version a request asks for: its `X-Version`, else the default (2022-01-01). */
export function requestedVersion(request: FastifyRequest): string {
  const header = request.headers["x-version"];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value ? value : DEFAULT_API_VERSION;
}

/** Register both token paths on `app`. `clients` is read on every request (id -> secret). */
export function registerTokenRoutes(
  app: FastifyInstance,
  tokens: TokenStore,
  clients: () => Record<string, string>,
): void {
  const handler = (path: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const version = requestedVersion(request);
    const paths = TOKEN_PATHS_BY_VERSION[version];
    if (!paths) {
      return reply
        .code(400)
        .send({ code: "400BadRequest", message: `Unsupported API version (X-Version): ${version}` });
    }
    const route = paths[path];
    if (!route) {
      return reply
        .code(404)
        .send({ code: "404NotFound", message: "The requested resource could not be found" });
    }
    const outcome = checkTokenRequest(
      {
        contentType: request.headers["content-type"],
        authorization: request.headers.authorization,
        body: request.body,
        acceptsJson: route.json,
      },
      clients(),
    );
    reply.header("cache-control", "no-store").header("pragma", "no-cache");
    if (!outcome.ok) return reply.code(outcome.status).send(outcome.body);
    const { accessToken, expiresIn } = tokens.issue(outcome.clientId, outcome.scope);
    return reply.code(200).send({
      access_token: accessToken,
      expires_in: expiresIn,
      scope: outcome.scope,
      token_type: "Bearer",
    });
  };
  for (const path of TOKEN_PATHS) app.post(path, { errorHandler: oauthErrorHandler }, handler(path));
}

/** Bodies fastify cannot parse (unsupported content type, malformed) are an OAuth
 * `invalid_request`; every other error goes on to the app's error handler. */
function oauthErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (!error.code?.startsWith("FST_ERR_CTP_")) throw error;
  return reply.code(400).send({
    error: "invalid_request",
    error_description: `Unreadable request body: ${error.message}`,
    error_uri: TOKEN_ERROR_URI,
  });
}
