/**
 * Progress a user sees in the Pulumi CLI while a long step runs ("workiva refresh ...: 120/151
 * complete, 31 running").
 *
 * The dynamic-provider host is started by the engine as `dynamic-provider <engine-address>` but
 * ignores that address, and its provider methods get no URN. So this module talks to the engine's
 * Log service itself: an ephemeral info message (shown in the CLI's progress display as the row's
 * status, not kept in the final diagnostics) with no URN, which the CLI shows on the stack's row.
 * Only inside the provider host (argv names `dynamic-provider`); anywhere else, and on any error,
 * it does nothing: progress must never fail or slow a step.
 */
import { createRequire } from "module";

type LogClient = {
  log(request: unknown, callback: (err: Error | null) => void): void;
};

let client: LogClient | null | undefined;
const lastSent = new Map<string, string>();

/** The engine address when this process is the dynamic-provider host the engine started. */
export function engineAddress(argv: readonly string[] = process.argv): string | undefined {
  const script = argv[1] ?? "";
  const address = argv[2];
  if (!/dynamic-provider/.test(script) || !address) return undefined;
  return /^[\w.[\]:-]+:\d+$/.test(address) ? address : undefined;
}

function engineClient(): LogClient | null {
  if (client !== undefined) return client;
  client = null;
  const address = engineAddress();
  if (!address) return client;
  try {
    // The SDK's own gRPC stubs and grpc-js copy (credentials must come from the same copy).
    const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = sdkRequire("@grpc/grpc-js");
    const { EngineClient } = sdkRequire("./proto/engine_grpc_pb");
    client = new EngineClient(address, grpc.credentials.createInsecure()) as LogClient;
  } catch {
    client = null;
  }
  return client;
}

/**
 * Shows `${subject}: ${message}` as the progress of a running step. Repeats of the last message
 * for the same subject are not sent. Never throws and never waits.
 */
export function reportProgress(subject: string, message: string): void {
  const text = `${subject}: ${message}`;
  if (lastSent.get(subject) === text) return;
  lastSent.set(subject, text);
  const engine = engineClient();
  if (!engine) return;
  try {
    const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
    const { LogRequest, LogSeverity } = sdkRequire("./proto/engine_pb");
    const request = new LogRequest();
    request.setSeverity(LogSeverity.INFO);
    request.setMessage(text);
    request.setUrn("");
    request.setEphemeral(true);
    engine.log(request, () => undefined);
  } catch {
    // progress is best effort
  }
}

/** "3/5 complete, 2 running" (and ", 1 failed" when some failed). */
export function countsMessage(counts: {
  total: number;
  complete: number;
  running: number;
  failed?: number;
}): string {
  const failed = counts.failed ? `, ${counts.failed} failed` : "";
  return `${counts.complete}/${counts.total} complete, ${counts.running} running${failed}`;
}
