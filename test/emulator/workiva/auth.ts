/** Bearer-token check for the Wdata routes (a route-level onRequest hook). */
import type { FastifyReply, FastifyRequest } from "fastify";
import { UNAUTHORIZED_MESSAGE } from "./decisions";
import { errorAnswer } from "./envelope";
import type { TokenGrant, TokenStore } from "./tokens";

/** The grant of the request's token, attached by the hook for the handlers. */
const grants = new WeakMap<FastifyRequest, TokenGrant>();

/** The grant the auth hook accepted for this request (always set inside Wdata handlers). */
export function grantOf(request: FastifyRequest): TokenGrant {
  const grant = grants.get(request);
  if (!grant) throw new Error("Wdata handler ran without the bearer-token hook");
  return grant;
}

/** Build the onRequest hook: 401 `{"code":401,"body":"Unauthorized"}` unless the request carries
 * `Authorization: Bearer <token>` with a known, unexpired token. */
export function bearerAuthHook(tokens: TokenStore) {
  return async function requireBearerToken(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> {
    const match = /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
    const grant = match ? tokens.validate(match[1]) : undefined;
    if (!grant) {
      const answer = errorAnswer(401, UNAUTHORIZED_MESSAGE);
      return reply
        .code(answer.status)
        .header("www-authenticate", 'Bearer error="invalid_token"')
        .send(answer.body);
    }
    grants.set(request, grant);
    return undefined;
  };
}
