import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";

/** One log message the program sent to the engine (`pulumi.log.*`). */
export interface EngineLogEntry {
  severity: "debug" | "info" | "warning" | "error";
  message: string;
  /** URN of the resource the message is about, or "" for the stack. */
  urn: string;
}

/** A running minimal Engine gRPC service. */
export interface EngineServer {
  /** `127.0.0.1:<port>`: what the engine passes to the program and to provider hosts. */
  address: string;
  /** Every log message received so far, in order. */
  logs: EngineLogEntry[];
  /** Closes the server. */
  stop(): Promise<void>;
}

const SEVERITIES: Record<number, EngineLogEntry["severity"]> = {
  [engproto.LogSeverity.DEBUG]: "debug",
  [engproto.LogSeverity.INFO]: "info",
  [engproto.LogSeverity.WARNING]: "warning",
  [engproto.LogSeverity.ERROR]: "error",
};

/**
 * Starts the part of the Pulumi engine's Engine service that programs use: `Log` (recorded) and
 * the root-resource handshake. The provider host of `@pulumi/pulumi` 3.270 takes the engine
 * address as its argument but never calls it (provider logs go to its stdout/stderr, which the
 * host driver captures); programs do call it for `pulumi.log.*`.
 */
export async function startEngineServer(): Promise<EngineServer> {
  const logs: EngineLogEntry[] = [];
  let rootUrn = "";
  const server = new grpc.Server();
  const service: grpc.UntypedServiceImplementation = {
    log: (call: grpc.ServerUnaryCall<engproto.LogRequest, emptyproto.Empty>, cb: grpc.sendUnaryData<emptyproto.Empty>) => {
      const req = call.request;
      logs.push({ severity: SEVERITIES[req.getSeverity()] ?? "info", message: req.getMessage(), urn: req.getUrn() });
      cb(null, new emptyproto.Empty());
    },
    getRootResource: (
      _call: grpc.ServerUnaryCall<engproto.GetRootResourceRequest, engproto.GetRootResourceResponse>,
      cb: grpc.sendUnaryData<engproto.GetRootResourceResponse>,
    ) => {
      cb(null, new engproto.GetRootResourceResponse().setUrn(rootUrn));
    },
    setRootResource: (
      call: grpc.ServerUnaryCall<engproto.SetRootResourceRequest, engproto.SetRootResourceResponse>,
      cb: grpc.sendUnaryData<engproto.SetRootResourceResponse>,
    ) => {
      rootUrn = call.request.getUrn();
      cb(null, new engproto.SetRootResourceResponse());
    },
  };
  server.addService(engrpc.EngineService, service);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    logs,
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
