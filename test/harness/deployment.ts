import { ProviderHost, ResourceInitError, ResourceRef } from "./host";
import { Limiter } from "./limiter";
import { Registration, RegistrationAnswer, RegistrationHandler, STACK_TYPE } from "./monitor";
import { PlanOperation, PlanRow } from "./plan";
import { ResourceState, StackState, liveResource } from "./state";
import { PROVIDER_KEY, PropertyMap, changedKeys, markSecrets, stripSecrets } from "./wire";

/** How a deployment runs. */
export interface DeploymentOptions {
  /** True for `pulumi preview`: Check and Diff only. */
  preview: boolean;
  /** The state to start from; the deployment mutates it (pass a copy). */
  state: StackState;
  /** The provider host, started on first use. */
  getHost: () => Promise<ProviderHost>;
  /** Maximum concurrent resource operations (default unbounded, like the CLI). */
  parallel?: number;
}

/** The dynamic resources' type-token prefix. */
export const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function topLevel(path: string): string {
  return path.split(/[.[]/)[0];
}

function shortType(type: string): string {
  return type.replace(/^pulumi-nodejs:dynamic\/?/, "");
}

/** `__provider` byte size of a property map (0 when absent or unknown). */
export function providerBytes(props: PropertyMap): number {
  const p = props[PROVIDER_KEY];
  return typeof p === "string" ? Buffer.byteLength(p, "utf8") : 0;
}

function refOf(r: { urn: string; name: string; type: string }): ResourceRef {
  return { urn: r.urn, name: r.name, type: r.type };
}

/**
 * The engine's step logic for one run: answers registrations (Check, then Create or Diff and
 * Update/Replace/nothing), then deletes what the program no longer declares; or refreshes or
 * destroys everything in the state. Like the CLI, the first failure stops new operations while
 * the ones in flight finish; every failure is collected in {@link errors}.
 */
export class Deployment implements RegistrationHandler {
  readonly rows: PlanRow[] = [];
  readonly errors: string[] = [];
  readonly state: StackState;
  /** Stack outputs the program registered (wire format), if it got that far. */
  stackOutputs?: PropertyMap;
  /** Resolves at the first failure. */
  readonly halted: Promise<void>;
  private isHalted = false;
  private signalHalt: () => void = () => {};
  private readonly registered = new Set<string>();
  private readonly replacedThisRun = new Set<ResourceState>();
  private readonly active = new Set<Promise<unknown>>();
  private readonly limiter: Limiter;

  constructor(private readonly options: DeploymentOptions) {
    this.state = options.state;
    this.limiter = new Limiter(options.parallel ?? Infinity);
    this.halted = new Promise<void>((resolve) => (this.signalHalt = resolve));
  }

  /** Starts the provider host now; a failure to start surfaces at the first operation that needs it. */
  prestartHost(): void {
    this.options.getHost().catch(() => undefined);
  }

  /** True once a step failed (no new operations start). */
  get failed(): boolean {
    return this.isHalted;
  }

  /** Records an error and stops starting new operations. */
  fail(message: string): void {
    this.errors.push(message);
    if (!this.isHalted) {
      this.isHalted = true;
      this.signalHalt();
    }
  }

  /** Waits until no operation is in flight. */
  async drain(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.active.add(p);
    void p.finally(() => this.active.delete(p));
    return p;
  }

  private addRow(
    r: { urn: string; name: string; type: string },
    op: PlanOperation,
    props: PropertyMap,
  ): PlanRow {
    const row: PlanRow = {
      urn: r.urn,
      name: r.name,
      type: r.type,
      op,
      status: this.options.preview ? "planned" : "done",
      changed: [],
      replaces: [],
      providerBytes: providerBytes(props),
    };
    this.rows.push(row);
    return row;
  }

  private failRow(row: PlanRow, e: unknown): void {
    row.status = "failed";
    row.error = messageOf(e);
    this.fail(`${shortType(row.type)} "${row.name}": ${row.error}`);
  }

  // ---- RegistrationHandler ------------------------------------------------------------------

  /** Answers one RegisterResource request like the engine. Never rejects. */
  register(reg: Registration): Promise<RegistrationAnswer> {
    return this.track(
      this.registerStep(reg).catch((e: unknown) => {
        if (!(e instanceof HeldError)) this.fail(`${shortType(reg.type)} "${reg.name}": ${messageOf(e)}`);
        return "hold" as const;
      }),
    );
  }

  registerOutputs(urn: string, outputs: PropertyMap): void {
    if (urn.split("::")[2] === STACK_TYPE) this.stackOutputs = outputs;
  }

  private async registerStep(reg: Registration): Promise<RegistrationAnswer> {
    if (this.isHalted) return "hold";
    if (reg.type === STACK_TYPE || (!reg.custom && !reg.remote)) return { id: "", outputs: {} };
    if (!reg.type.startsWith(DYNAMIC_TYPE_PREFIX) || reg.remote || reg.provider !== "") {
      throw new Error(`unsupported resource ${reg.type}: the harness runs dynamic resources only`);
    }
    if (reg.importId !== "") throw new Error("import is not supported for dynamic resources (pulumi#16175)");
    if (this.registered.has(reg.urn)) throw new Error(`Duplicate resource URN '${reg.urn}'`);
    this.registered.add(reg.urn);
    return this.limiter.run(() =>
      this.isHalted ? Promise.resolve("hold" as const) : this.resourceStep(reg),
    );
  }

  private async resourceStep(reg: Registration): Promise<RegistrationAnswer> {
    const { plain, secretKeys } = stripSecrets(reg.inputs);
    const old = liveResource(this.state, reg.urn);
    const news: PropertyMap = { ...plain };
    if (old) {
      for (const key of reg.ignoreChanges.map(topLevel)) {
        if (key in old.inputs) news[key] = old.inputs[key];
        else delete news[key];
      }
    }
    const host = await this.options.getHost();
    const checked = await host.check(refOf(reg), old?.inputs ?? {}, news);
    if (checked.failures.length > 0) {
      const details = checked.failures.map((f) => `property ${f.property}: ${f.reason}`).join("; ");
      throw new Error(`check failed: ${details}`);
    }
    const inputs = checked.inputs;
    const secretInputs = secretKeys.filter((k) => k in inputs);
    const secretOutputKeys = (outputs: PropertyMap, extra: string[] = []): string[] =>
      [...new Set([...secretInputs, ...reg.additionalSecretOutputs, ...extra])]
        .filter((k) => k in outputs)
        .sort();
    const record = (id: string, outputs: PropertyMap, initErrors?: string[]): ResourceState => ({
      urn: reg.urn,
      type: reg.type,
      name: reg.name,
      id,
      inputs,
      outputs,
      secretInputs,
      secretOutputs: secretOutputKeys(outputs),
      dependencies: reg.dependencies,
      parent: reg.parent,
      ...(initErrors && initErrors.length > 0 ? { initErrors } : {}),
      ...(reg.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
      ...(reg.retainOnDelete ? { retainOnDelete: true } : {}),
      ...(reg.protect ? { protect: true } : {}),
    });
    const answer = (id: string, outputs: PropertyMap, extraSecrets: string[] = []): RegistrationAnswer => ({
      id,
      outputs: markSecrets(outputs, secretOutputKeys(outputs, extraSecrets)),
    });

    if (!old) {
      const row = this.addRow(reg, "create", inputs);
      if (this.options.preview) return answer("", inputs);
      const created = await this.createStep(reg, row, inputs, record);
      return answer(created.id, created.outputs);
    }

    const diff = await host.diff(refOf(reg), old.id, old.outputs, inputs, old.inputs);
    const changed = changedKeys(old.inputs, inputs);
    let replaces = diff.replaces;
    let hasChanges = diff.changes === "some" || (diff.changes === "unknown" && changed.length > 0);
    const replaceOnChanges = reg.replaceOnChanges.map(topLevel);
    if (hasChanges && replaces.length === 0 && replaceOnChanges.length > 0) {
      replaces = changed.filter((k) => replaceOnChanges.includes(k) || replaceOnChanges.includes("*"));
    }
    if (!hasChanges && old.initErrors) hasChanges = true; // the engine retries resources with init errors

    if (!hasChanges) {
      const row = this.addRow(reg, "same", inputs);
      row.id = old.id;
      if (!this.options.preview) {
        this.replaceLive(old, {
          ...record(old.id, old.outputs),
          secretOutputs: secretOutputKeys(old.outputs, old.secretOutputs),
        });
      }
      return answer(old.id, old.outputs, old.secretOutputs);
    }

    if (replaces.length === 0) {
      const row = this.addRow(reg, "update", inputs);
      row.changed = changed;
      row.id = old.id;
      if (this.options.preview) return answer(old.id, inputs);
      try {
        const updated = await host.update(refOf(reg), old.id, old.outputs, inputs, old.inputs);
        this.replaceLive(old, record(old.id, updated.properties));
        return answer(old.id, updated.properties);
      } catch (e) {
        if (e instanceof ResourceInitError)
          this.replaceLive(old, record(e.id || old.id, e.properties, e.reasons));
        this.failRow(row, e);
        return "hold";
      }
    }

    // The engine checks the inputs once more for the replacement, with no old inputs (defaults
    // must not carry over from the resource being replaced), and creates with that answer.
    const rechecked = await host.check(refOf(reg), {}, news);
    if (rechecked.failures.length > 0) {
      const details = rechecked.failures.map((f) => `property ${f.property}: ${f.reason}`).join("; ");
      throw new Error(`check failed: ${details}`);
    }
    const replacementInputs = rechecked.inputs;
    const recordReplacement = (id: string, outputs: PropertyMap, initErrors?: string[]): ResourceState => ({
      ...record(id, outputs, initErrors),
      inputs: replacementInputs,
      secretInputs: secretKeys.filter((k) => k in replacementInputs),
    });
    const row = this.addRow(reg, "replace", replacementInputs);
    row.changed = changed;
    row.replaces = replaces;
    const deleteFirst = diff.deleteBeforeReplace || reg.deleteBeforeReplace;
    row.deleteBeforeReplace = deleteFirst;
    if (this.options.preview) return answer("", replacementInputs);
    if (deleteFirst) {
      try {
        await this.deleteFromHost(old);
      } catch (e) {
        this.failRow(row, e);
        return "hold";
      }
      this.state.resources = this.state.resources.filter((r) => r !== old);
      const created = await this.createStep(reg, row, replacementInputs, recordReplacement);
      return answer(created.id, created.outputs);
    }
    // Create before delete: the old copy is deleted at the end of the run (after the program).
    const retireOld = (): void => {
      old.pendingDelete = true;
      this.replacedThisRun.add(old);
    };
    try {
      const created = await this.createStep(reg, row, replacementInputs, recordReplacement);
      retireOld();
      return answer(created.id, created.outputs);
    } catch (e) {
      if (e instanceof HeldError && e.recorded) retireOld();
      throw e;
    }
  }

  /** Create; ErrorResourceInitFailed still records the resource. Failures fail the row and throw {@link HeldError}. */
  private async createStep(
    reg: Registration,
    row: PlanRow,
    inputs: PropertyMap,
    record: (id: string, outputs: PropertyMap, initErrors?: string[]) => ResourceState,
  ): Promise<{ id: string; outputs: PropertyMap }> {
    const host = await this.options.getHost();
    try {
      const created = await host.create(refOf(reg), inputs);
      this.state.resources.push(record(created.id, created.properties));
      row.id = created.id;
      return { id: created.id, outputs: created.properties };
    } catch (e) {
      const recorded = e instanceof ResourceInitError;
      if (recorded) {
        this.state.resources.push(record(e.id, e.properties, e.reasons));
        row.id = e.id;
      }
      this.failRow(row, e);
      throw new HeldError(recorded);
    }
  }

  private replaceLive(old: ResourceState, next: ResourceState): void {
    const i = this.state.resources.indexOf(old);
    this.state.resources[i] = next;
  }

  private async deleteFromHost(r: ResourceState): Promise<void> {
    if (r.protect) throw new Error("resource is protected; remove `protect` before deleting it");
    if (r.retainOnDelete) return;
    const host = await this.options.getHost();
    await host.delete(refOf(r), r.id, r.outputs, r.inputs);
  }

  // ---- after the program ------------------------------------------------------------------

  /**
   * Deletes (or, in preview, plans to delete) resources the program no longer declares and old
   * copies left by create-before-delete replacements, dependents first. Skipped after a failure,
   * like the engine.
   */
  async deleteUndeclared(): Promise<void> {
    if (this.isHalted) return;
    const doomed = this.state.resources.filter((r) => r.pendingDelete || !this.registered.has(r.urn));
    if (this.options.preview) {
      for (const r of doomed) if (!this.replacedThisRun.has(r)) this.addRow(r, "delete", r.inputs).id = r.id;
      return;
    }
    await this.deleteAll(doomed);
  }

  /** `pulumi destroy`: deletes every resource in the state, dependents first. */
  async destroyAll(): Promise<void> {
    await this.deleteAll([...this.state.resources]);
  }

  /** Deletes `doomed` in reverse dependency order; independent deletes run in parallel. */
  private async deleteAll(doomed: ResourceState[]): Promise<void> {
    const deletions = new Map<ResourceState, Promise<boolean>>();
    const dependentsOf = (r: ResourceState): ResourceState[] =>
      doomed.filter((o) => o !== r && o.urn !== r.urn && o.dependencies.includes(r.urn));
    const schedule = (r: ResourceState): Promise<boolean> => {
      let p = deletions.get(r);
      if (!p) {
        p = (async () => {
          const dependentsGone = (await Promise.all(dependentsOf(r).map(schedule))).every(Boolean);
          if (!dependentsGone || this.isHalted) return false;
          return this.limiter.run(() => this.deleteStep(r));
        })();
        deletions.set(r, p);
      }
      return p;
    };
    await this.track(Promise.all(doomed.map(schedule)));
  }

  private async deleteStep(r: ResourceState): Promise<boolean> {
    if (this.isHalted) return false;
    const quiet = this.replacedThisRun.has(r); // shown as part of its replace row
    const row = quiet ? undefined : this.addRow(r, "delete", r.inputs);
    if (row) row.id = r.id;
    try {
      await this.deleteFromHost(r);
      this.state.resources = this.state.resources.filter((o) => o !== r);
      return true;
    } catch (e) {
      if (row) this.failRow(row, e);
      else
        this.fail(
          `${shortType(r.type)} "${r.name}": deleting the replaced resource ${r.id}: ${messageOf(e)}`,
        );
      return false;
    }
  }

  /** `pulumi refresh`: Read every resource; update outputs and inputs, drop the ones gone. */
  async refreshAll(): Promise<void> {
    await this.track(
      Promise.all([...this.state.resources].map((r) => this.limiter.run(() => this.refreshStep(r)))),
    );
  }

  private async refreshStep(r: ResourceState): Promise<void> {
    const row = this.addRow(r, "read", r.inputs);
    row.id = r.id;
    try {
      const host = await this.options.getHost();
      const read = await host.read(refOf(r), r.id, r.outputs, r.inputs);
      if (read.id === "") {
        row.op = "refresh-gone";
        this.state.resources = this.state.resources.filter((o) => o !== r);
        return;
      }
      const inputs = read.inputs ?? r.inputs;
      // The engine's refresh diff: what an `up` of an unchanged program would do now, asked of
      // the provider with the refreshed outputs and inputs as "old" and the stored inputs as "new".
      await host.diff(refOf(r), read.id, read.properties, r.inputs, inputs);
      row.changed = [
        ...new Set([...changedKeys(r.outputs, read.properties), ...changedKeys(r.inputs, inputs)]),
      ].sort();
      if (row.changed.length > 0 || read.id !== r.id) row.op = "refresh-changed";
      const secret = new Set([...r.secretInputs, ...r.secretOutputs]);
      Object.assign(r, {
        id: read.id,
        outputs: read.properties,
        inputs,
        secretOutputs: Object.keys(read.properties)
          .filter((k) => secret.has(k))
          .sort(),
        secretInputs: Object.keys(inputs)
          .filter((k) => r.secretInputs.includes(k))
          .sort(),
      });
    } catch (e) {
      this.failRow(row, e);
    }
  }
}

/** Thrown by a step that already recorded its failure: the registration is held, not re-reported. */
class HeldError extends Error {
  /** @param recorded whether the resource was still recorded in state (ErrorResourceInitFailed) */
  constructor(readonly recorded: boolean) {
    super("held");
  }
}
