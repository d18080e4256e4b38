/** The OAuth2 token endpoints: `POST /oauth2/token` and the legacy `POST /iam/v1/oauth2/token`. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { TOKEN_ERROR_URI } from "./decisions";
import { checkTokenRequest } from "./token-request";
import type { TokenStore } from "./tokens";

/** Paths served by the token endpoint (current and deprecated). */
export const TOKEN_PATHS = ["/oauth2/token", "/iam/v1/oauth2/token"] as const;

/** Register both token paths on `app`. `clients` is read on every request (id -> secret). */
export function registerTokenRoutes(
  app: FastifyInstance,
  tokens: TokenStore,
  clients: () => Record<string, string>,
): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = checkTokenRequest(
      {
        contentType: request.headers["content-type"],
        authorization: request.headers.authorization,
        body: request.body,
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
  for (const path of TOKEN_PATHS) app.post(path, { errorHandler: oauthErrorHandler }, handler);
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
