/** Registers PostHog routes: auth, project and scope checks, lazy job settling, error answers. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { authenticate, requireScope, resolveProject, type Caller } from "./auth";
import type { Scope } from "./enums";
import { PosthogHttpError } from "./errors";
import { settleJobs } from "./jobs";
import type { PosthogStore } from "./store";

/** Path prefixes served: the current form and the deprecated environments form. */
export const PATH_PREFIXES = ["/api/projects/:projectId", "/api/environments/:projectId"] as const;

/** What a handler gets. */
export interface RouteContext {
  projectId: string;
  caller: Caller;
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
  request: FastifyRequest;
}

/** What a handler answers (errors are thrown as PosthogHttpError). */
export interface Answer {
  status: number;
  /** Omitted for empty bodies (204, and PostHog's bodiless 200s). */
  body?: unknown;
}

/** A route body: answers, or throws PosthogHttpError. */
export type RouteHandler = (ctx: RouteContext) => Answer;

type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

/** The base URL the caller used (for `next`/`previous` and webhook URLs). */
export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function send(reply: FastifyReply, answer: Answer): FastifyReply {
  reply.code(answer.status);
  return answer.body === undefined ? reply.send() : reply.send(answer.body);
}

/**
 * Adds one route under every PATH_PREFIXES form, with and without the trailing slash (when the app
 * does not ignore trailing slashes itself).
 */
export function addRoute(
  app: FastifyInstance,
  store: PosthogStore,
  method: Method,
  path: string,
  scope: Scope,
  handler: RouteHandler,
): void {
  const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    try {
      settleJobs(store);
      const caller = authenticate(store.settings, request.headers.authorization);
      const params = request.params as Record<string, string>;
      const projectId = resolveProject(store.settings, params.projectId);
      requireScope(caller, scope);
      const answer = handler({
        projectId,
        caller,
        params,
        query: (request.query ?? {}) as RouteContext["query"],
        body: request.body,
        request,
      });
      return send(reply, answer);
    } catch (error) {
      if (error instanceof PosthogHttpError) return send(reply, { status: error.status, body: error.body });
      throw error;
    }
  };
  for (const prefix of PATH_PREFIXES) {
    const url = `${prefix}/${path}`;
    app.route({ method, url, handler: handle });
    try {
      app.route({ method, url: `${url}/`, handler: handle });
    } catch (error) {
      // The app ignores trailing slashes already: the route above serves both forms.
      if ((error as { code?: string }).code !== "FST_ERR_DUPLICATED_ROUTE") throw error;
    }
  }
}
