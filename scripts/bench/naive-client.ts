/**
 * The HTTP client of the naive approach: plain `fetch`, a fixed number of requests in flight (like
 * a `p-limit(n)` script), and the one courtesy most scripts have: on a 429 it waits `Retry-After`
 * and sends again. No batching, no state, no diff.
 */

/** An answer: status and parsed JSON body (undefined when empty or not JSON). */
export interface NaiveAnswer {
  status: number;
  body: unknown;
}

/** A request of the naive client. */
export interface NaiveRequest {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** JSON body. */
  json?: unknown;
  /** Form-encoded body (token exchange). */
  form?: Record<string, string>;
}

const MAX_429_RETRIES = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends requests to one origin, at most `concurrency` at a time through `pool`. */
export class NaiveClient {
  /**
   * @param origin e.g. `http://127.0.0.1:4010`
   * @param concurrency requests `pool` keeps in flight
   */
  constructor(
    readonly origin: string,
    readonly concurrency: number,
  ) {}

  /** Sends one request; throws on any status >= 400 other than 429 (retried after Retry-After). */
  async request(req: NaiveRequest): Promise<NaiveAnswer> {
    const url = new URL(req.path, this.origin);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { ...req.headers };
    let body: string | undefined;
    if (req.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(req.form).toString();
    } else if (req.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.json);
    }
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(url, { method: req.method, headers, body });
      const text = await res.text();
      if (res.status === 429 && attempt < MAX_429_RETRIES) {
        await sleep(Number(res.headers.get("retry-after") ?? "1") * 1000);
        continue;
      }
      if (res.status >= 400)
        throw new Error(`naive ${req.method} ${req.path}: ${res.status} ${text.slice(0, 200)}`);
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    }
  }

  /** Runs `work` for every item, `concurrency` at a time; results in item order. */
  async pool<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, items.length) }, worker));
    return results;
  }
}
