/**
 * The one place for the source configurations every benchmark program declares (the harness
 * scenarios, the engine programs and the naive clients all take them from here): when PostHog's
 * `jobInputs` shapes change, change them here.
 */

/** Scenario 1's source: a Postgres database (host/port/database/user/password/schema). */
export const BENCH_POSTGRES_SOURCE = {
  sourceType: "Postgres",
  prefix: "bench_",
  jobInputs: {
    host: "db.internal",
    port: 5432,
    database: "app",
    user: "sync",
    password: "bench-not-a-secret",
    schema: "public",
  },
};

/** The Refresh's triggers (any value: the Refresh runs again when it changes). */
export const BENCH_REFRESH_TRIGGERS = { version: 1 };
