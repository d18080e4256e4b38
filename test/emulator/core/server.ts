import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import formbody from "@fastify/formbody";
import { errorBody } from "./error-bodies";
import { FaultInjector, describeFault } from "./faults";
import { RateLimiter } from "./rate-limit";
import { RequestLog, redactBody } from "./request-log";
import type { FaultRule, LoggedRequest, RateLimitWindow, ServiceName } from "./types";

/** Per-service rate limits; `false` turns a service's limit off. */
export interface RateLimitOptions {
  posthog?: RateLimitWindow[] | false;
  workiva?: RateLimitWindow[] | false;
}

/** The real services' published limits (PostHog: per personal API key; Workiva: per client). */
export const DEFAULT_RATE_LIMITS: Record<ServiceName, RateLimitWindow[]> = {
  posthog: [
    { limit: 480, windowMs: 60_000 },
    { limit: 4800, windowMs: 3_600_000 },
  ],
  workiva: [{ limit: 50, windowMs: 1000 }],
};

export interface CoreOptions {
  /** Added to every request before it is handled (the bench sets 50 ms). */
  latencyMs?: number;
  rateLimits?: RateLimitOptions;
}

/** Which emulated service a path belongs to. */
export function serviceOf(path: string): ServiceName | "unknown" {
  if (path.startsWith("/api/projects/") || path.startsWith("/api/environments/")) return "posthog";
  if (path.startsWith("/s/wdata/") || path.startsWith("/oauth2/") || path.startsWith("/iam/"))
    return "workiva";
  return "unknown";
}

interface RequestContext {
  entry: LoggedRequest;
  service: ServiceName | "unknown";
  afterFault?: FaultRule;
}

const contexts = new WeakMap<FastifyRequest, RequestContext>();

/** The fastify app with logging, latency, rate limits and fault injection around every route. */
export interface EmulatorCore {
  app: FastifyInstance;
  log: RequestLog;
  faults: FaultInjector;
  setLatency(ms: number): void;
}

export function createCore(options: CoreOptions = {}): EmulatorCore {
  const app = Fastify({
    routerOptions: { ignoreTrailingSlash: true },
    logger: false,
    forceCloseConnections: true,
    bodyLimit: 10 << 20,
  });
  app.register(formbody);
  // Real APIs accept action POSTs with `Content-Type: application/json` and no body; fastify's
  // default parser rejects them, so an empty JSON body parses as `{}` here. Bad JSON stays a 400.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, text, done) => {
    const raw = String(text);
    if (raw.trim() === "") return done(null, {});
    try {
      done(null, JSON.parse(raw));
    } catch {
      const error = Object.assign(new Error("Malformed JSON body"), { statusCode: 400 });
      done(error, undefined);
    }
  });
  // Latency and delay faults wait on timers; stopping the emulator ends them, so that no timer of a
  // request whose client went away outlives the emulator (it kept test processes alive).
  const waits = new Set<() => void>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const end = (): void => {
        clearTimeout(timer);
        waits.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      waits.add(end);
    });
  app.addHook("preClose", (done) => {
    for (const end of [...waits]) end();
    done();
  });
  const log = new RequestLog();
  const faults = new FaultInjector();
  let latencyMs = options.latencyMs ?? 0;
  const limiters: Partial<Record<ServiceName, RateLimiter>> = {};
  for (const service of ["posthog", "workiva"] as const) {
    const limits = options.rateLimits?.[service];
    if (limits !== false) limiters[service] = new RateLimiter(limits ?? DEFAULT_RATE_LIMITS[service]);
  }

  app.addHook("onRequest", async (req) => {
    const [path, search = ""] = req.url.split("?");
    const service = serviceOf(path);
    const entry = log.start({
      service,
      method: req.method,
      path,
      query: Object.fromEntries(new URLSearchParams(search)),
      body: undefined,
      startedAt: Date.now(),
    });
    contexts.set(req, { entry, service });
  });

  app.addHook("preHandler", async (req: FastifyRequest, reply: FastifyReply) => {
    const ctx = contexts.get(req);
    if (!ctx) return;
    ctx.entry.body = redactBody(req.body);
    if (latencyMs > 0) await sleep(latencyMs);

    const limiter = ctx.service === "unknown" ? undefined : limiters[ctx.service];
    if (limiter) {
      const form = (req.body ?? {}) as Record<string, unknown>;
      const key = req.headers.authorization ?? String(form.client_id ?? req.ip);
      const retryAfter = limiter.take(key);
      if (retryAfter > 0) {
        ctx.entry.fault = "rate limit";
        return reply
          .code(429)
          .header("retry-after", String(retryAfter))
          .send(errorBody(ctx.service, 429, retryAfter));
      }
    }

    const rule = faults.take(ctx.service, req.method, ctx.entry.path);
    if (!rule) return;
    ctx.entry.fault = describeFault(rule);
    if (rule.delayMs) await sleep(rule.delayMs);
    if (rule.status !== undefined) {
      const headers = { ...(rule.status === 429 ? { "retry-after": "1" } : {}), ...rule.headers };
      return reply
        .code(rule.status)
        .headers(headers)
        .send(rule.body ?? errorBody(ctx.service, rule.status, Number(headers["retry-after"] ?? 1)));
    }
    if (rule.drop === "before") {
      reply.hijack();
      req.raw.socket.destroy();
      ctx.entry.durationMs = Date.now() - ctx.entry.startedAt;
      return reply;
    }
    if (rule.drop === "after" || rule.commitThenFail !== undefined || rule.malformed) ctx.afterFault = rule;
  });

  app.addHook("onSend", async (req, reply, payload) => {
    const rule = contexts.get(req)?.afterFault;
    if (!rule) return payload;
    const ctx = contexts.get(req)!;
    if (rule.drop === "after") {
      req.raw.socket.destroy();
      ctx.entry.status = 0;
      return payload;
    }
    if (rule.commitThenFail !== undefined) {
      reply.code(rule.commitThenFail).header("content-type", "application/json");
      return JSON.stringify(errorBody(ctx.service, rule.commitThenFail));
    }
    reply.code(200).header("content-type", "application/json");
    return '{"body": {"truncat';
  });

  app.addHook("onResponse", async (req, reply) => {
    const ctx = contexts.get(req);
    if (!ctx) return;
    ctx.entry.status = ctx.afterFault?.drop === "after" ? 0 : reply.statusCode;
    ctx.entry.durationMs = Date.now() - ctx.entry.startedAt;
  });

  app.setNotFoundHandler((req, reply) => {
    const ctx = contexts.get(req);
    reply.code(404).send(errorBody(ctx?.service ?? "unknown", 404));
  });

  return { app, log, faults, setLatency: (ms) => (latencyMs = ms) };
}
