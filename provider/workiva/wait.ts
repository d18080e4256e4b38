/**
 * Polling with backoff until a condition holds or a deadline passes.
 *
 * The schedule: first wait 250 ms, then x1.5 each time, capped at 5 s. `DATASYNC_WORKIVA_POLL_MS`
 * overrides it (for tests and impatient users): `first` or `first,cap` in milliseconds; with only
 * `first`, the cap is 20 x first (the default ratio).
 */

/** When to poll. */
export interface PollSchedule {
  /** First wait, in ms. */
  firstMs: number;
  /** Growth of each next wait. */
  factor: number;
  /** Longest wait, in ms. */
  maxMs: number;
}

/** The default schedule: 250 ms, x1.5, at most 5 s. */
export const DEFAULT_POLL_SCHEDULE: PollSchedule = { firstMs: 250, factor: 1.5, maxMs: 5000 };

/** Environment variable that overrides the schedule (`first` or `first,cap`, in ms). */
export const POLL_ENV_VAR = "DATASYNC_WORKIVA_POLL_MS";

/** The schedule from the environment, or the default when the variable is unset or unusable. */
export function pollScheduleFromEnv(env: NodeJS.ProcessEnv = process.env): PollSchedule {
  const raw = env[POLL_ENV_VAR]?.trim();
  if (!raw) return DEFAULT_POLL_SCHEDULE;
  const [first, cap] = raw.split(",").map((part) => Number(part.trim()));
  if (!Number.isFinite(first) || first <= 0) return DEFAULT_POLL_SCHEDULE;
  const ratio = DEFAULT_POLL_SCHEDULE.maxMs / DEFAULT_POLL_SCHEDULE.firstMs;
  const maxMs = cap !== undefined && Number.isFinite(cap) && cap >= first ? cap : first * ratio;
  return { firstMs: first, factor: DEFAULT_POLL_SCHEDULE.factor, maxMs };
}

/** The wait before poll number `attempt` (0-based). */
export function pollDelay(schedule: PollSchedule, attempt: number): number {
  return Math.min(schedule.maxMs, schedule.firstMs * schedule.factor ** attempt);
}

/** What `pollUntil` needs. */
export interface PollOptions<T> {
  /** The current value, before any poll (often what starting the work returned). */
  initial: T;
  /** Fetches a fresh value. */
  poll: (previous: T) => Promise<T>;
  /** True when waiting is over. */
  done: (value: T) => boolean;
  /** Epoch ms after which no more polls are made. */
  deadlineMs: number;
  /** The schedule (default: from the environment). */
  schedule?: PollSchedule;
  /** Clock (default Date.now). */
  now?: () => number;
  /** Sleeper (default setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  /** Called with the first value and after every poll (e.g. to report progress to the CLI). */
  onValue?: (value: T) => void;
}

/** How waiting ended. */
export interface PollResult<T> {
  /** The last value seen. */
  value: T;
  /** True when the deadline passed before `done` held. */
  timedOut: boolean;
  /** How many polls were made. */
  polls: number;
}

/**
 * Polls until `done(value)` or the deadline. Waits follow the schedule but never run past the
 * deadline; one last poll is made at the deadline, so work finishing just in time counts.
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<PollResult<T>> {
  const schedule = options.schedule ?? pollScheduleFromEnv();
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  let value = options.initial;
  let polls = 0;
  options.onValue?.(value);
  while (!options.done(value)) {
    const remaining = options.deadlineMs - now();
    if (remaining <= 0) return { value, timedOut: true, polls };
    await sleep(Math.min(pollDelay(schedule, polls), remaining));
    value = await options.poll(value);
    polls += 1;
    options.onValue?.(value);
  }
  return { value, timedOut: false, polls };
}

/** Resolves after `ms` milliseconds. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
