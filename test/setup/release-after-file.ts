import type { Session } from "inspector";
import { resetRateLimiters } from "../../provider/http/rate-limiter";

/**
 * Releases, after each test file, what the file's modules leave running in the jest worker.
 *
 * A worker runs many test files, each with its own module registry. Anything process-wide that a
 * file's modules leave behind (an open session, a timer) keeps that whole registry alive: the
 * workers grew to 2.5 GB, took longer than jest's 500 ms to exit, and the run ended with "A worker
 * process has failed to exit gracefully". In a `pulumi` process both things below are one per
 * process and end with it; under jest there is one per test file.
 *
 * - `@pulumi/pulumi`'s closure serializer (`runtime/closure/v8Hooks`) opens a V8 inspector session
 *   with the debugger enabled and never closes it; the session keeps every remote object it
 *   handed out (the serialized providers, which reach the file's modules). The SDK has no way to
 *   close it, so this wraps the module's `getSessionAsync` (the serializer looks it up on the
 *   module at each call) to learn of the session without opening one.
 * - Our shared rate limiters (one per service and origin, made by `getConnection` and the other
 *   functions a program calls) refill on an interval timer.
 */
interface V8Hooks {
  getSessionAsync(): Promise<Session>;
}

const hooks = require("@pulumi/pulumi/runtime/closure/v8Hooks") as V8Hooks;
const open = hooks.getSessionAsync;
let opened: Promise<Session> | undefined;
hooks.getSessionAsync = () => (opened ??= open());

afterAll(async () => {
  resetRateLimiters();
  if (opened) (await opened).disconnect();
});
