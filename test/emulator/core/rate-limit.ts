import type { RateLimitWindow } from "./types";

/**
 * Fixed-window request counting per key (the API key, bearer token or client id), like the real
 * services' per-key limits. `take` answers how many seconds to wait when the key is over its
 * limit, or 0 when the request may go on.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }[]>();

  constructor(private readonly limits: RateLimitWindow[]) {}

  take(key: string, now = Date.now()): number {
    let state = this.windows.get(key);
    if (!state) {
      state = this.limits.map(() => ({ start: now, count: 0 }));
      this.windows.set(key, state);
    }
    let waitMs = 0;
    this.limits.forEach((limit, i) => {
      const w = state![i];
      if (now - w.start >= limit.windowMs) {
        w.start = now;
        w.count = 0;
      }
      if (w.count >= limit.limit) waitMs = Math.max(waitMs, w.start + limit.windowMs - now);
    });
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    state.forEach((w) => (w.count += 1));
    return 0;
  }
}
