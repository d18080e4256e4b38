import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import type { AxiosInstance, AxiosStatic } from "axios";

/** One HTTP exchange to perform. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Serialized body (JSON text or form-encoded text). */
  body?: string;
  signal: AbortSignal;
  /** Use a fresh connection instead of a pooled keep-alive one (for requests that must not be replayed). */
  freshConnection: boolean;
}

/** What came back: status, lower-case headers and the raw body text. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/**
 * A failed exchange, stripped of everything axios attaches (request config, headers, sockets).
 * `sent` is false only when the TCP connection never opened, i.e. the server cannot have seen it.
 */
export class WireFailure extends Error {
  constructor(
    readonly code: string,
    readonly sent: boolean,
    readonly aborted: boolean,
  ) {
    super(code);
  }
}

/** Pooled keep-alive agents (like Node's global agents) for requests that may be replayed. */
const pooledAgents = {
  http: new http.Agent({ keepAlive: true, scheduling: "lifo", timeout: 5_000 }),
  https: new https.Agent({ keepAlive: true, scheduling: "lifo", timeout: 5_000 }),
};

/**
 * Non-pooled agents: a POST that must not be replayed goes over a new connection, so a stale
 * keep-alive socket closed by the server cannot turn it into an ambiguous "reset after sending".
 */
const freshAgents = {
  http: new http.Agent({ keepAlive: false }),
  https: new https.Agent({ keepAlive: false }),
};

let wireInstance: AxiosInstance | undefined;

/**
 * A private axios instance: no global interceptors or defaults of other code apply. Loaded at the
 * first request: the provider host of a `preview` or a no-op `up` (check and diff only) never
 * sends one, and requiring axios costs it a tenth of a second or more of CPU.
 */
function wire(): AxiosInstance {
  if (!wireInstance) {
    const axios = require("axios") as AxiosStatic;
    wireInstance = axios.create();
  }
  return wireInstance;
}

interface ConnectionTracker {
  connected: boolean;
}

/** An axios `transport` that records whether the socket of the request ever connected. */
function trackingTransport(tracker: ConnectionTracker) {
  const onSocket = (socket: Socket): void => {
    if (!socket.connecting) tracker.connected = true;
    else socket.once("connect", () => (tracker.connected = true));
  };
  return {
    request(options: http.RequestOptions, callback: (res: http.IncomingMessage) => void): http.ClientRequest {
      const mod = options.protocol === "https:" ? https : http;
      const req = mod.request(options, callback);
      req.once("socket", onSocket);
      return req;
    },
  };
}

/**
 * Performs one HTTP exchange with axios. Never throws an axios error: any failure becomes a
 * WireFailure carrying only an error code and whether the request may have reached the server.
 * Any HTTP status (2xx or not) resolves; the body is returned as text, unparsed.
 */
export async function sendOnce(request: WireRequest): Promise<WireResponse> {
  const tracker: ConnectionTracker = { connected: false };
  const agents = request.freshConnection ? freshAgents : pooledAgents;
  try {
    const res = await wire().request<string>({
      method: request.method,
      url: request.url,
      headers: request.headers,
      data: request.body,
      signal: request.signal,
      responseType: "text",
      responseEncoding: "utf8",
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      maxContentLength: 50 * 1024 * 1024,
      httpAgent: agents.http,
      httpsAgent: agents.https,
      transport: trackingTransport(tracker),
    });
    return {
      status: res.status,
      headers: plainHeaders(res.headers),
      text: typeof res.data === "string" ? res.data : "",
    };
  } catch (err) {
    throw new WireFailure(errorCode(err), tracker.connected, request.signal.aborted);
  }
}

function plainHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers === "object") {
    for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
      if (v === undefined || v === null) continue;
      out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
    }
  }
  return out;
}

/** The most specific error code of a Node/axios error (`ECONNREFUSED`, `ECONNRESET`, ...). */
function errorCode(err: unknown): string {
  const codeOf = (e: unknown): string | undefined => {
    if (e && typeof e === "object" && "code" in e && typeof (e as { code: unknown }).code === "string") {
      return (e as { code: string }).code;
    }
    return undefined;
  };
  const cause =
    err && typeof err === "object" && "cause" in err ? (err as { cause: unknown }).cause : undefined;
  const own = codeOf(err);
  const inner = codeOf(cause);
  // axios wraps socket errors: prefer the system code over generic axios codes.
  if (inner && (!own || own.startsWith("ERR_"))) return inner;
  return own ?? "EUNKNOWN";
}
