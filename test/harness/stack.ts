import * as fs from "fs";
import * as path from "path";
import { Deployment } from "./deployment";
import { EngineServer, startEngineServer } from "./engine-server";
import { ProviderHost, noHostCalls, startProviderHost } from "./host";
import { HostSpare } from "./host-spare";
import { HarnessMonitor } from "./monitor";
import { RunKind, RunResult, StackRunError, totalsOf } from "./plan";
import { Program, programInit } from "./program";
import { ProgramRun, runProgramInStack } from "./runtime-internals";
import { StackState, cloneState, emptyState, loadState, saveState } from "./state";
import { PropertyMap, stripSecrets } from "./wire";
import { prepareWorkspace } from "./workspace";

/** Options of a {@link Stack}. */
export interface StackOptions {
  /** The stack name (`dev`). */
  name: string;
  /** The project name (default `datasync`). */
  project?: string;
  /** Stack config, e.g. `{ "posthog:apiKey": "..." }`: given to the program and to the provider's configure. */
  config?: Record<string, string>;
  /** Config keys that are secrets (`pulumi config set --secret`). */
  secretConfigKeys?: string[];
  /** Extra environment of the provider host (e.g. the emulator's endpoints). */
  env?: Record<string, string>;
  /** The program directory (default: a fresh directory under `.harness/`, removed by {@link Stack.dispose}). */
  workDir?: string;
  /** The state file (default `<workDir>/state.json`). */
  stateFile?: string;
  /** Maximum concurrent resource operations (default unbounded, like `pulumi up`). */
  parallel?: number;
}

/** The parts of a run the Stack assembles into a {@link RunResult}. */
interface RunContext {
  kind: RunKind;
  deployment: Deployment;
  /** The run's provider host, once something started it. */
  hostPromise?: Promise<ProviderHost>;
  /** Index of the run's first message in the engine's log. */
  firstLog: number;
  started: number;
}

/**
 * A stack driven like the Pulumi CLI drives one, through the real dynamic-provider host: each run
 * uses a fresh host process configured once (as the engine starts one per `pulumi up`; the next
 * one boots ahead of time), runs the program against a resource monitor that forwards every
 * dynamic resource to the host, and writes the state file. Runs of one stack must not overlap.
 * Call {@link Stack.dispose} when done.
 */
export class Stack {
  readonly name: string;
  readonly project: string;
  /** Stack config; change it between runs like `pulumi config set`. */
  config: Record<string, string>;
  secretConfigKeys: string[];
  /** Environment of the provider host; change it between runs if needed. */
  env: Record<string, string>;
  readonly workDir: string;
  readonly stateFile: string;
  private readonly ownsWorkDir: boolean;
  private readonly parallel?: number;
  private running = false;
  private engine?: Promise<EngineServer>;
  private readonly spare = new HostSpare();

  constructor(options: StackOptions) {
    this.name = options.name;
    this.project = options.project ?? "datasync";
    this.config = { ...options.config };
    this.secretConfigKeys = [...(options.secretConfigKeys ?? [])];
    this.env = { ...options.env };
    this.ownsWorkDir = options.workDir === undefined;
    this.workDir = prepareWorkspace(options.workDir, options.name);
    this.stateFile = path.resolve(options.stateFile ?? path.join(this.workDir, "state.json"));
    this.parallel = options.parallel;
  }

  /** The current state (from the state file; empty before the first `up`). */
  get state(): StackState {
    return loadState(this.stateFile) ?? emptyState(this.project, this.name);
  }

  /** `pulumi preview`: Check and Diff only; nothing is created, updated or deleted; state unchanged. */
  preview(program: Program): Promise<RunResult> {
    return this.runProgram("preview", program);
  }

  /** `pulumi up`: runs the program and applies every change; throws {@link StackRunError} if any step failed. */
  up(program: Program): Promise<RunResult> {
    return this.runProgram("up", program);
  }

  /** `pulumi refresh`: Read every resource in state, update it or drop it when gone. The program is not run. */
  refresh(): Promise<RunResult> {
    return this.runWithoutProgram("refresh", (d) => d.refreshAll());
  }

  /** `pulumi destroy`: Delete every resource, dependents first. */
  destroy(): Promise<RunResult> {
    return this.runWithoutProgram("destroy", (d) => d.destroyAll());
  }

  /** Ends the spare host and the engine service; removes the workspace directory if the harness created it. */
  async dispose(): Promise<void> {
    await this.spare.dispose();
    const engine = await this.engine?.catch(() => undefined);
    this.engine = undefined;
    await engine?.stop();
    if (this.ownsWorkDir) fs.rmSync(this.workDir, { recursive: true, force: true });
  }

  /** The stack's engine service (program logs; the hosts' engine address), started on first use. */
  private engineServer(): Promise<EngineServer> {
    return (this.engine ??= startEngineServer());
  }

  private async begin(kind: RunKind): Promise<RunContext> {
    if (this.running) throw new Error(`stack "${this.name}": a run is already in progress`);
    this.running = true;
    let firstLog: number;
    try {
      firstLog = (await this.engineServer()).logs.length;
    } catch (e) {
      this.running = false;
      throw e;
    }
    const context: RunContext = {
      kind,
      started: Date.now(),
      firstLog,
      deployment: undefined as unknown as Deployment,
    };
    context.deployment = new Deployment({
      preview: kind === "preview",
      state: cloneState(this.state),
      parallel: this.parallel,
      getHost: () => (context.hostPromise ??= this.startHost()),
    });
    return context;
  }

  private async startHost(): Promise<ProviderHost> {
    const engine = await this.engineServer();
    const processOptions = { cwd: this.workDir, engineAddress: engine.address, env: { ...this.env } };
    const host = await startProviderHost({
      ...processOptions,
      process: await this.spare.take(processOptions),
      config: this.config,
      secretConfigKeys: this.secretConfigKeys,
    });
    this.spare.prepare(processOptions);
    return host;
  }

  private async runProgram(kind: "preview" | "up", program: Program): Promise<RunResult> {
    const init = programInit(program);
    const context = await this.begin(kind);
    const { deployment } = context;
    let run: ProgramRun | undefined;
    try {
      const engine = await this.engineServer();
      // Start the host while the program loads (its spawn is the slowest part of a run).
      deployment.prestartHost();
      const monitor = new HarnessMonitor(deployment, this.name, this.project);
      run = runProgramInStack(
        {
          project: this.project,
          stack: this.name,
          organization: "organization",
          preview: kind === "preview",
          monitor,
          engineAddress: engine.address,
          config: this.config,
          secretConfigKeys: this.secretConfigKeys,
          rootDirectory: this.workDir,
        },
        async () => {
          // The program's own failure is caught here, not left to reject the Stack resource (whose
          // derived promises would reject unobserved): it fails the run and stops every later step.
          try {
            return await init();
          } catch (e) {
            deployment.fail(`program failed: ${e instanceof Error ? e.message : String(e)}`);
            return undefined;
          }
        },
      );
      const programDone = run.done.catch((e: unknown) =>
        deployment.fail(`program failed: ${e instanceof Error ? e.message : String(e)}`),
      );
      // A failed step stops the deployment: registrations after it are never answered, so the
      // program may never finish. Like the engine, wait for operations in flight, then stop.
      await Promise.race([programDone, deployment.halted]);
      await deployment.drain();
      await deployment.deleteUndeclared();
      await deployment.drain();
      const state = deployment.state;
      if (!deployment.failed && deployment.stackOutputs) {
        const { plain, secretKeys } = stripSecrets(deployment.stackOutputs);
        state.outputs = plain;
        state.secretOutputs = secretKeys;
      }
      const outputs = deployment.failed ? undefined : deployment.stackOutputs;
      return await this.finish(context, kind === "preview" ? undefined : state, outputs);
    } finally {
      run?.close();
      await this.end(context);
    }
  }

  private async runWithoutProgram(
    kind: "refresh" | "destroy",
    work: (d: Deployment) => Promise<void>,
  ): Promise<RunResult> {
    const context = await this.begin(kind);
    try {
      await work(context.deployment);
      await context.deployment.drain();
      const state = context.deployment.state;
      if (kind === "destroy" && state.resources.length === 0) {
        state.outputs = {};
        state.secretOutputs = [];
      }
      return await this.finish(context, state, kind === "destroy" ? {} : undefined);
    } finally {
      await this.end(context);
    }
  }

  /**
   * Saves the state (unless preview), builds the result and throws if the run failed. The result's
   * outputs are `wireOutputs` when given (this run's stack outputs), else the state's.
   */
  private async finish(
    context: RunContext,
    newState: StackState | undefined,
    wireOutputs: PropertyMap | undefined,
  ): Promise<RunResult> {
    const { deployment } = context;
    if (newState) saveState(this.stateFile, newState);
    const state = newState ?? deployment.state;
    const outputs = wireOutputs
      ? stripSecrets(wireOutputs)
      : { plain: state.outputs, secretKeys: state.secretOutputs };
    const host = await context.hostPromise?.catch(() => undefined);
    const hostPeakRssBytes = host?.peakRssBytes();
    await host?.stop();
    const result: RunResult = {
      kind: context.kind,
      stack: this.name,
      ok: deployment.errors.length === 0,
      rows: deployment.rows,
      totals: totalsOf(deployment.rows),
      errors: deployment.errors,
      outputs: outputs.plain,
      secretOutputs: outputs.secretKeys,
      state: newState ? cloneState(newState) : this.state,
      durationMs: Date.now() - context.started,
      hostCalls: host ? { ...host.calls } : noHostCalls(),
      ...(host ? { hostPid: host.pid } : {}),
      ...(hostPeakRssBytes !== undefined ? { hostPeakRssBytes } : {}),
      hostStdout: host?.stdout ?? "",
      hostStderr: host?.stderr ?? "",
      engineLogs: (await this.engineServer()).logs.slice(context.firstLog),
    };
    if (!result.ok) throw new StackRunError(result);
    return result;
  }

  private async end(context: RunContext): Promise<void> {
    try {
      const host = await context.hostPromise?.catch(() => undefined);
      await host?.stop();
    } finally {
      this.running = false;
    }
  }
}
