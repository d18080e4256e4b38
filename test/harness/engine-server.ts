import * as http2 from "http2";
import { AddressInfo } from "net";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";

/** One log message the program sent to the engine (`pulumi.log.*`, debug excluded as without `-v`). */
export interface EngineLogEntry {
  severity: "info" | "warning" | "error";
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

const SEVERITIES: Partial<Record<number, EngineLogEntry["severity"]>> = {
  [engproto.LogSeverity.INFO]: "info",
  [engproto.LogSeverity.WARNING]: "warning",
  [engproto.LogSeverity.ERROR]: "error",
};

const GRPC_OK = "0";
const GRPC_UNIMPLEMENTED = "12";

/** A gRPC message frame: 1 byte "compressed" flag, 4 bytes length, the message. */
function frame(message: Uint8Array): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, Buffer.from(message)]);
}

/** Answers one unary gRPC call: the handler gets the request bytes, returns the response message. */
type UnaryHandler = (request: Uint8Array) => Uint8Array;

/**
 * Starts the part of the Pulumi engine's Engine service that programs use: `Log` (recorded; debug
 * dropped) and the root-resource handshake; other methods answer UNIMPLEMENTED, which the SDK
 * tolerates. The provider host of `@pulumi/pulumi` 3.270 takes the engine address as its argument
 * but never calls it (provider logs go to its stdout/stderr, which the host driver captures).
 *
 * Served with node's http2 (gRPC's transport) rather than a grpc-js Server so that the listening
 * socket can be unref'd: an idle server never keeps the test process alive.
 */
export async function startEngineServer(): Promise<EngineServer> {
  const logs: EngineLogEntry[] = [];
  let rootUrn = "";
  const handlers: Record<string, UnaryHandler> = {
    "/pulumirpc.Engine/Log": (bytes) => {
      const req = engproto.LogRequest.deserializeBinary(bytes);
      const severity = SEVERITIES[req.getSeverity()];
      if (severity) logs.push({ severity, message: req.getMessage(), urn: req.getUrn() });
      return new emptyproto.Empty().serializeBinary();
    },
    "/pulumirpc.Engine/GetRootResource": () =>
      new engproto.GetRootResourceResponse().setUrn(rootUrn).serializeBinary(),
    "/pulumirpc.Engine/SetRootResource": (bytes) => {
      rootUrn = engproto.SetRootResourceRequest.deserializeBinary(bytes).getUrn();
      return new engproto.SetRootResourceResponse().serializeBinary();
    },
  };

  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  server.on("stream", (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      const handler = handlers[String(headers[":path"])];
      stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
      let status = GRPC_UNIMPLEMENTED;
      if (handler) {
        const body = Buffer.concat(chunks);
        stream.write(frame(handler(body.subarray(5))));
        status = GRPC_OK;
      }
      stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": status }));
      stream.end();
    });
    stream.on("error", () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    logs,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}
