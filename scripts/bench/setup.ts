/** Emulators and stacks of the benchmark, with or without the published rate limits. */
import { startEmulator, type Emulator, type EmulatorOptions } from "../../test/emulator";
import { Stack } from "../../test/harness";
import type { BenchOptions } from "./options";

/** `off`: no limit anywhere; `published`: PostHog 480/min, Workiva 50/s at the emulator and in the provider. */
export type LimitMode = "off" | "published";

/** What a scenario runs with. */
export interface ScenarioContext {
  options: BenchOptions;
  limits: LimitMode;
}

/** Published client-side limits of the provider (provider/http/rate-limiter.ts). */
export const PUBLISHED_LIMITS = {
  posthog: { limit: 480, intervalMs: 60_000 },
  workiva: { limit: 50, intervalMs: 1_000 },
} as const;

/** A fresh emulator (fresh state and rate-limit windows) with the benchmark's latency. */
export function benchEmulator(
  ctx: ScenarioContext,
  extra: Pick<EmulatorOptions, "posthog" | "workiva"> = {},
): Promise<Emulator> {
  return startEmulator({
    port: 0,
    latencyMs: ctx.options.latencyMs,
    ...(ctx.limits === "off" ? { rateLimits: { posthog: false, workiva: false } } : {}),
    ...extra,
  });
}

/** A stack whose provider host talks to `emulator` (credentials as secret config). */
export function benchStack(emulator: Emulator, name: string, limits: LimitMode): Stack {
  return new Stack({
    name,
    project: "datasync-bench",
    config: emulator.config,
    secretConfigKeys: ["posthog:apiKey", "workiva:clientSecret"],
    env: limits === "off" ? { DATASYNC_RATE_LIMIT_POSTHOG: "off", DATASYNC_RATE_LIMIT_WORKIVA: "off" } : {},
  });
}

/**
 * The least time `calls` requests need under a limit of `limit` per `intervalMs` when they all
 * start in one fresh window: every full window beyond the first is waited out.
 */
export function rateLimitFloorMs(calls: number, limit: { limit: number; intervalMs: number }): number {
  return calls <= 0 ? 0 : Math.floor((calls - 1) / limit.limit) * limit.intervalMs;
}
