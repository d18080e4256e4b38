/**
 * Typed access to the parts of the `@pulumi/pulumi` runtime that a language host uses to run a
 * program (the same calls as `automation/server.js` LanguageServer.run): a fresh per-run store
 * (AsyncLocalStorage), runtime options, config, the Stack resource and the RPC drain. These are
 * internal to the SDK, hence this one boundary module.
 */
interface StateModule {
  withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
  getStore(): { settings: { monitor?: unknown; options: { rootDirectory?: string } } };
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

/**
 * Runs `init` as a Pulumi program in an isolated runtime store, inside the root Stack resource,
 * and waits for every RPC it started. Resolves with the program's return value (the stack outputs
 * are also sent to the monitor with RegisterResourceOutputs).
 */
export function runProgramInStack(
  options: ProgramRunOptions,
  init: () => Promise<unknown>,
): Promise<unknown> {
  return state.withLocalStorage(async () => {
    settings.resetOptions(
      options.project,
      options.stack,
      -1,
      options.engineAddress,
      "harness",
      options.preview,
      options.organization,
    );
    const store = state.getStore();
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
}
