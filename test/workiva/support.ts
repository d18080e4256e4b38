/**
 * Test support for the Workiva Refresh lifecycle tests: an emulator, stacks that run programs
 * through the real provider host against it, and call counters read from the emulator's log.
 */
import * as fs from "fs";
import * as path from "path";
import { workiva } from "pulumi-datasync";
import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from "../emulator";
import { REPO_ROOT } from "../harness/workspace";
import { Stack, assertNoLeaks, type RunResult } from "../harness";

/** Prefix of every Wdata connection endpoint on the emulator. */
export const CONNECTIONS = "/s/wdata/prep/api/v1/connections";

/** Poll fast in tests: first 20 ms, at most 100 ms. */
export const FAST_POLL = { DATASYNC_WORKIVA_POLL_MS: "20,100" };

/** The built provider must exist: the host requires it from the program's node_modules. */
export const BUILT_PROVIDER = path.join(REPO_ROOT, "dist", "provider", "workiva", "refresh-provider.js");

/** An emulator with fast runs, the demo catalogue, and no rate limit surprises. */
/** Fails fast when the package was not built (the host runs dist/). */
export function requireBuild(): void {
  if (!fs.existsSync(BUILT_PROVIDER))
    throw new Error(`run \`npm run build\` first (${BUILT_PROVIDER} missing)`);
}

/** A program declaring one Refresh; its stack outputs are the run's status, runs and batch ids. */
export function refreshProgram(args: workiva.RefreshArgs, name = "refresh") {
  return () => {
    const refresh = new workiva.Refresh(name, args);
    return { status: refresh.status, runs: refresh.runs, batchRefreshIds: refresh.batchRefreshIds };
  };
}

export function startWorkivaEmulator(runMs = 300): Promise<Emulator> {
  return startEmulator({ port: 0, workiva: { runMs } });
}

/** A stack whose provider host talks to `emulator` (config from the stack, client secret as a secret). */
export function emulatorStack(emulator: Emulator, name: string, env: Record<string, string> = {}): Stack {
  const config = Object.fromEntries(
    Object.entries(emulator.config).filter(([key]) => key.startsWith("workiva:")),
  );
  return new Stack({
    name,
    config,
    secretConfigKeys: ["workiva:clientSecret"],
    env: { ...FAST_POLL, ...env },
  });
}

/** Counters of the Workiva calls the emulator saw since its log was last cleared. */
export function workivaCalls(emulator: Emulator) {
  const log = emulator.log;
  return {
    /** Every Workiva request, tokens included. */
    all: () => log.count({ service: "workiva" }),
    /** Requests that could change something (POST), token exchanges excluded. */
    refreshPosts: () => log.filter({ service: "workiva", method: "POST", path: /\/s\/wdata\// }).length,
    /** Batch refresh POSTs, each with its number of items. */
    batchSizes: () =>
      log
        .filter({ method: "POST", path: `${CONNECTIONS}/batch/refresh` })
        .map((entry) => (Array.isArray(entry.body) ? entry.body.length : -1)),
    /** Single refresh POSTs, by connection id. */
    singles: () =>
      log
        .filter({ method: "POST", path: /\/connections\/[^/]+\/refresh$/ })
        .map((entry) => entry.path.split("/").at(-2))
        .filter((id) => id !== "batch"),
    /** List calls. */
    lists: () => log.count({ method: "GET", path: CONNECTIONS }),
    /** Connection detail calls. */
    details: () =>
      log.filter({ method: "GET", path: `${CONNECTIONS}/*` }).filter((e) => !e.path.endsWith("/batch"))
        .length,
    /** Status calls (batch or run). */
    statusGets: () => log.filter({ method: "GET", path: /\/(status|batch\/refresh\/[^/]+)$/ }).length,
    /** Token exchanges. */
    tokens: () => log.count({ method: "POST", path: /\/oauth2\/token$/ }),
  };
}

export { failureOf, resourceNamed } from "../harness";

/** Starts a refresh of `connectionId` directly at the emulator (someone else's run); returns its job id. */
export async function startForeignRun(emulator: Emulator, connectionId: string): Promise<string> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: EMULATOR_CREDENTIALS.workivaClientId,
    client_secret: EMULATOR_CREDENTIALS.workivaClientSecret,
  });
  const token = await fetch(emulator.workivaTokenUrl, {
    method: "POST",
    headers: { "x-version": "2026-01-01" },
    body: form,
  }).then((res) => res.json() as Promise<{ access_token: string }>);
  const res = await fetch(`${emulator.workivaApiUrl}/api/v1/connections/${connectionId}/refresh`, {
    method: "POST",
    headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
    body: JSON.stringify({ connectionId }),
  });
  const body = (await res.json()) as { body: { jobId: string } };
  return body.body.jobId;
}

/** No credential in state, `__provider`, host output or errors. */
export function expectNoLeaks(result: RunResult): void {
  assertNoLeaks(result.state, {
    secrets: [EMULATOR_CREDENTIALS.workivaClientSecret],
    texts: {
      hostStdout: result.hostStdout,
      hostStderr: result.hostStderr,
      errors: result.errors.join("\n"),
    },
  });
}
