/**
 * Typed access to the parts of the `@pulumi/pulumi` runtime that a language host uses to run a
 * program (the same calls as `automation/server.js` LanguageServer.run): a fresh per-run store
 * (AsyncLocalStorage), runtime options, config, the Stack resource and the RPC drain. These are
 * internal to the SDK, hence this one boundary module.
 */
/** The runtime's per-run store (the parts the harness touches). */
interface Store {
  settings: {
    monitor?: unknown;
    /** The Engine service client, opened when the program registers its Stack or logs. */
    engine?: { close(): void };
    options: { rootDirectory?: string; engineAddr?: string };
  };
}

interface StateModule {
  withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
  getStore(): Store;
}

interface SettingsModule {
  resetOptions(
    project: string,
    stack: string,
    parallel: number,
    engineAddr: string,
    monitorAddr: string,
    preview: boolean,
    organization: string,
  ): void;
  waitForRPCs(): Promise<void>;
  disconnectSync(): void;
}

interface ConfigModule {
  setAllConfig(config: Record<string, string>, secretKeys?: string[]): void;
}

interface StackModule {
  runInPulumiStack(init: () => Promise<unknown>): Promise<unknown>;
}

const state = require("@pulumi/pulumi/runtime/state") as StateModule;
const settings = require("@pulumi/pulumi/runtime/settings") as SettingsModule;
const config = require("@pulumi/pulumi/runtime/config") as ConfigModule;
const stack = require("@pulumi/pulumi/runtime/stack") as StackModule;

/** How to run one program. */
export interface ProgramRunOptions {
  project: string;
  stack: string;
  organization: string;
  preview: boolean;
  /** The resource monitor object (a MockMonitor subclass). */
  monitor: object;
  /** Address of the engine service for `pulumi.log.*`. */
  engineAddress: string;
  config: Record<string, string>;
  secretConfigKeys: string[];
  rootDirectory: string;
}

/** A program started by {@link runProgramInStack}. */
export interface ProgramRun {
  /** Resolves with the program's return value once it and every RPC it started have finished. */
  done: Promise<unknown>;
  /**
   * Closes the run's engine client, also when the program never finished (a halted deployment
   * leaves its registrations unanswered). Left open, the client's gRPC channel keeps a 30-minute
   * idle timer that holds the test file's whole module registry in a worker that runs many files.
   */
  close(): void;
}

/**
 * Runs `init` as a Pulumi program in an isolated runtime store, inside the root Stack resource.
 * `done` waits for every RPC it started and resolves with the program's return value (the stack
 * outputs are also sent to the monitor with RegisterResourceOutputs).
 */
export function runProgramInStack(options: ProgramRunOptions, init: () => Promise<unknown>): ProgramRun {
  let store: Store | undefined;
  const done = state.withLocalStorage(async () => {
    settings.resetOptions(
      options.project,
      options.stack,
      -1,
      options.engineAddress,
      "harness",
      options.preview,
      options.organization,
    );
    store = state.getStore();
    store.settings.monitor = options.monitor;
    store.settings.options.rootDirectory = options.rootDirectory;
    config.setAllConfig(options.config, options.secretConfigKeys);
    try {
      const outputs = await stack.runInPulumiStack(init);
      await settings.waitForRPCs();
      return outputs;
    } finally {
      settings.disconnectSync();
    }
  });
  const close = (): void => {
    if (!store) return;
    // disconnectSync closes only the process-wide engine client, not the run store's one (made
    // for the Stack registration and log messages); with no address, a late log cannot open another.
    store.settings.engine?.close();
    store.settings.engine = undefined;
    store.settings.options.engineAddr = "";
  };
  return { done, close };
}
