import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { PropertyMap, toPropertyMap, wireSecret } from "./wire";

/** The ResourceProvider methods the host serves and the harness calls. */
export type HostMethod = "configure" | "check" | "diff" | "create" | "read" | "update" | "delete";

/** Options of {@link startProviderHost}. */
export interface ProviderHostOptions extends HostProcessOptions {
  /** Stack configuration sent with Configure, e.g. `{ "posthog:apiKey": "..." }`. */
  config?: Record<string, string>;
  /** Config keys sent as secrets (the host unwraps them: providers see plaintext). */
  secretConfigKeys?: string[];
}

/** The identity of the resource a call is about. */
export interface ResourceRef {
  urn: string;
  /** The resource's name (last URN segment). */
  name: string;
  /** The type token, e.g. `pulumi-nodejs:dynamic/posthog:ExternalDataSource`. */
  type: string;
}

/** One failed input check. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** Answer of Check. */
export interface CheckResult {
  inputs: PropertyMap;
  failures: CheckFailure[];
}

/** Answer of Diff, as the engine sees it (the host forwards only these fields). */
export interface DiffResult {
  changes: "some" | "none" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** Answer of Read: no `id` means the resource is gone. */
export interface ReadResult {
  id: string;
  properties: PropertyMap;
  /** Present when the provider returned inputs. */
  inputs?: PropertyMap;
}

/**
 * A Create or Update that failed after the remote object existed: the host answered
 * ErrorResourceInitFailed. The engine records the resource (id + properties) and retries it on the
 * next `up`.
 */
export class ResourceInitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: PropertyMap,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "ResourceInitError";
  }
}

/** Any other failed host call (the gRPC status message is the provider's error message). */
export class HostCallError extends Error {
  constructor(
    message: string,
    readonly method: HostMethod,
    readonly code: number,
  ) {
    super(message);
    this.name = "HostCallError";
  }
}

/** A running `@pulumi/pulumi/cmd/dynamic-provider` process and a typed client for it. */
export interface ProviderHost {
  /** The host process id. */
  readonly pid: number;
  /** Everything the host printed after its port line (provider `console.log`, `pulumi.log` without engine). */
  readonly stdout: string;
  /** Everything the host printed on stderr (errors it logs, provider `console.error`). */
  readonly stderr: string;
  /** Number of calls per method so far. */
  readonly calls: Record<HostMethod, number>;
  /** Peak resident memory of the host process so far (Linux), or undefined. */
  peakRssBytes(): number | undefined;
  check(res: ResourceRef, olds: PropertyMap, news: PropertyMap): Promise<CheckResult>;
  diff(
    res: ResourceRef,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
  ): Promise<DiffResult>;
  create(res: ResourceRef, properties: PropertyMap): Promise<{ id: string; properties: PropertyMap }>;
  read(res: ResourceRef, id: string, properties: PropertyMap, inputs?: PropertyMap): Promise<ReadResult>;
  update(
    res: ResourceRef,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
  ): Promise<{ properties: PropertyMap }>;
  delete(res: ResourceRef, id: string, properties: PropertyMap, oldInputs?: PropertyMap): Promise<void>;
  /** Closes the connection and ends the process. */
  stop(): Promise<void>;
}

/** Path of the real provider host entry point shipped with @pulumi/pulumi. */
export const DYNAMIC_PROVIDER_HOST = path.join(
  path.dirname(require.resolve("@pulumi/pulumi/package.json")),
  "cmd",
  "dynamic-provider",
);

const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

function toStruct(props: PropertyMap): structproto.Struct {
  return structproto.Struct.fromJavaScript(
    toPropertyMap(props) as Record<string, structproto.JavaScriptValue>,
  );
}

function fromStruct(s: structproto.Struct | undefined): PropertyMap {
  return s ? toPropertyMap(s.toJavaScript()) : {};
}

/** Decodes ErrorResourceInitFailed from the `grpc-status-details-bin` trailer the host sends. */
export function decodeInitFailure(err: grpc.ServiceError): ResourceInitError | undefined {
  const raw = err.metadata?.get("grpc-status-details-bin") ?? [];
  for (const bin of raw) {
    const status = statusproto.Status.deserializeBinary(
      typeof bin === "string" ? Buffer.from(bin, "base64") : bin,
    );
    for (const any of status.getDetailsList()) {
      if (any.getTypeName() !== INIT_FAILED_TYPE) continue;
      const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
      return new ResourceInitError(
        err.details || status.getMessage(),
        detail.getId(),
        fromStruct(detail.getProperties()),
        detail.getReasonsList(),
      );
    }
  }
  return undefined;
}

function waitForPort(
  child: ChildProcess,
  timeoutMs: number,
  stderr: () => string,
): Promise<{ port: number; rest: string }> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(
      () => fail(new Error(`provider host printed no port within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString("utf8");
      const nl = buffered.indexOf("\n");
      if (nl < 0) return;
      cleanup();
      const port = Number(buffered.slice(0, nl).trim());
      if (!Number.isInteger(port) || port <= 0)
        return reject(new Error(`provider host printed no port: ${buffered}`));
      resolve({ port, rest: buffered.slice(nl + 1) });
    };
    const onExit = (code: number | null): void =>
      fail(new Error(`provider host exited (${code}) before printing its port: ${stderr()}`));
    const fail = (e: Error): void => {
      cleanup();
      child.kill("SIGKILL");
      reject(e);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", onData);
    child.on("exit", onExit);
  });
}

type Unary<Req, Res> = (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown;

/** Options of {@link HostProcess.spawn}. */
export interface HostProcessOptions {
  /** The program directory: the host resolves `require()`s of `__provider` code from `cwd/node_modules`. */
  cwd: string;
  /** The engine address passed as the host's argument (the 3.270 host never calls it). */
  engineAddress: string;
  /** Extra environment variables on top of this process's environment. */
  env?: Record<string, string>;
  /** How long to wait for the host to print its port (default 30 s). */
  startTimeoutMs?: number;
}

/** Preloaded into hosts: ends them when this process goes away. */
const PARENT_WATCH = path.join(__dirname, "parent-watch.js");

/** Host processes still running; killed if this process exits first. */
const liveHosts = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  liveHosts.add(child);
  child.once("exit", () => liveHosts.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const c of liveHosts) c.kill("SIGKILL");
    });
  }
}

/**
 * A booted provider host process (its port is known), not yet configured: exactly what the engine
 * starts (`node <host> <engine-address>` in the program directory). Its output is captured.
 */
export class HostProcess {
  private out = "";
  private err = "";
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly options: HostProcessOptions,
  ) {
    this.exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.stderr?.on("data", (chunk: Buffer) => (this.err += chunk.toString("utf8")));
    track(child);
  }

  /** Spawns the host and waits for the port it prints. */
  static async spawn(options: HostProcessOptions): Promise<HostProcess> {
    const child = spawn(
      process.execPath,
      ["--require", PARENT_WATCH, DYNAMIC_PROVIDER_HOST, options.engineAddress],
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    const host = new HostProcess(child, options);
    const first = await waitForPort(child, options.startTimeoutMs ?? 30_000, () => host.err);
    host.port = first.port;
    host.out = first.rest;
    child.stdout?.on("data", (chunk: Buffer) => (host.out += chunk.toString("utf8")));
    return host;
  }

  /** The gRPC port the host printed. */
  port = 0;

  /** The host process id. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Everything the host printed on stdout after its port line. */
  get stdout(): string {
    return this.out;
  }

  /** Everything the host printed on stderr. */
  get stderr(): string {
    return this.err;
  }

  /** Peak resident memory of the process so far (Linux `VmHWM`), or undefined where unavailable. */
  peakRssBytes(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, "utf8");
      const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb) * 1024;
    } catch {
      return undefined;
    }
  }

  /** True while the process runs. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Lets this process exit while the host idles (a spare waiting for the next run), or not. */
  setIdle(idle: boolean): void {
    const handles = [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as Array<{
      ref?(): void;
      unref?(): void;
    } | null>;
    for (const h of handles) (idle ? h?.unref : h?.ref)?.call(h);
  }

  /** Ends the process (idempotent). */
  async stop(): Promise<void> {
    if (this.alive) this.child.kill("SIGTERM");
    await this.exited;
  }
}

/** Calls per host method, all 0 (a run that started no host reports these). */
export function noHostCalls(): Record<HostMethod, number> {
  return { configure: 0, check: 0, diff: 0, create: 0, read: 0, update: 0, delete: 0 };
}

/**
 * Connects to a host process (spawning one unless `process` is given) and sends Configure with the
 * stack config, as the engine does once per host process. Resolves once the host is configured.
 */
export async function startProviderHost(
  options: ProviderHostOptions & { process?: HostProcess },
): Promise<ProviderHost> {
  const proc = options.process ?? (await HostProcess.spawn(options));
  proc.setIdle(false);
  const client = new provrpc.ResourceProviderClient(
    `127.0.0.1:${proc.port}`,
    grpc.credentials.createInsecure(),
  );
  const calls = noHostCalls();

  function call<Req, Res>(method: HostMethod, fn: Unary<Req, Res>, req: Req): Promise<Res> {
    calls[method]++;
    return new Promise<Res>((resolve, reject) => {
      fn.call(client, req, (err, res) => {
        if (!err) return resolve(res);
        const initFailure = method === "create" || method === "update" ? decodeInitFailure(err) : undefined;
        reject(initFailure ?? new HostCallError(err.details || err.message, method, err.code));
      });
    });
  }

  const configArgs: PropertyMap = {};
  const secretKeys = new Set(options.secretConfigKeys ?? []);
  for (const [k, v] of Object.entries(options.config ?? {})) {
    configArgs[k] = secretKeys.has(k) ? wireSecret(v) : v;
  }
  const configure = new provproto.ConfigureRequest()
    .setArgs(toStruct(configArgs))
    .setAcceptsecrets(true)
    .setAcceptresources(true);
  try {
    await call<provproto.ConfigureRequest, provproto.ConfigureResponse>(
      "configure",
      client.configure,
      configure,
    );
  } catch (e) {
    client.close();
    await proc.stop();
    throw e;
  }

  const target = <T extends { setUrn(v: string): T; setName(v: string): T; setType(v: string): T }>(
    req: T,
    res: ResourceRef,
  ): T => req.setUrn(res.urn).setName(res.name).setType(res.type);

  const host: ProviderHost = {
    pid: proc.pid,
    get stdout() {
      return proc.stdout;
    },
    get stderr() {
      return proc.stderr;
    },
    calls,
    peakRssBytes: () => proc.peakRssBytes(),
    async check(res, olds, news) {
      const req = target(new provproto.CheckRequest(), res).setOlds(toStruct(olds)).setNews(toStruct(news));
      const resp = await call<provproto.CheckRequest, provproto.CheckResponse>("check", client.check, req);
      return {
        inputs: fromStruct(resp.getInputs()),
        failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diff(res, id, olds, news, oldInputs) {
      const req = target(new provproto.DiffRequest(), res)
        .setId(id)
        .setOlds(toStruct(olds))
        .setNews(toStruct(news));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      const resp = await call<provproto.DiffRequest, provproto.DiffResponse>("diff", client.diff, req);
      const changes = resp.getChanges();
      const C = provproto.DiffResponse.DiffChanges;
      return {
        changes: changes === C.DIFF_SOME ? "some" : changes === C.DIFF_NONE ? "none" : "unknown",
        replaces: resp.getReplacesList(),
        deleteBeforeReplace: resp.getDeletebeforereplace(),
      };
    },
    async create(res, properties) {
      const req = target(new provproto.CreateRequest(), res).setProperties(toStruct(properties));
      const resp = await call<provproto.CreateRequest, provproto.CreateResponse>(
        "create",
        client.create,
        req,
      );
      return { id: resp.getId(), properties: fromStruct(resp.getProperties()) };
    },
    async read(res, id, properties, inputs) {
      const req = target(new provproto.ReadRequest(), res).setId(id).setProperties(toStruct(properties));
      if (inputs) req.setInputs(toStruct(inputs));
      const resp = await call<provproto.ReadRequest, provproto.ReadResponse>("read", client.read, req);
      const result: ReadResult = { id: resp.getId(), properties: fromStruct(resp.getProperties()) };
      if (resp.hasInputs()) result.inputs = fromStruct(resp.getInputs());
      return result;
    },
    async update(res, id, olds, news, oldInputs) {
      const req = target(new provproto.UpdateRequest(), res)
        .setId(id)
        .setOlds(toStruct(olds))
        .setNews(toStruct(news));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      const resp = await call<provproto.UpdateRequest, provproto.UpdateResponse>(
        "update",
        client.update,
        req,
      );
      return { properties: fromStruct(resp.getProperties()) };
    },
    async delete(res, id, properties, oldInputs) {
      const req = target(new provproto.DeleteRequest(), res).setId(id).setProperties(toStruct(properties));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      await call<provproto.DeleteRequest, unknown>("delete", client.delete, req);
    },
    async stop() {
      client.close();
      await proc.stop();
    },
  };
  return host;
}
