/**
 * The Refresh resource's provider, run inside the dynamic-provider host (required at run time by
 * the delegating provider in `__provider`). It maps the host protocol onto refresh-lifecycle.ts:
 * check validates (no API call), diff compares (no API call), create runs, update settles or only
 * records new inputs, read refreshes statuses, delete does nothing.
 *
 * A step that fails after runs started throws `{ id, properties, reasons }` (the host answers
 * ErrorResourceInitFailed): the resource is recorded with its runs and `deployError`, and the
 * next `up` settles it.
 */
import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { assertConfigured, configure } from "../config";
import { redact } from "../http";
import { diffRefresh } from "./refresh-diff";
import { RefreshStepFailure, readRefresh, runRefresh, settleRefresh } from "./refresh-lifecycle";
import { knownJobIds, rememberRuns } from "./known-runs";
import { inputsOf, outcomeOf, toOutputs } from "./refresh-state";
import type { RefreshInputs, RefreshOutcome, RefreshOutputs } from "./refresh-types";
import { workivaSession } from "./session";
import { validateRefreshInputs } from "./validation";

/** Properties as the host passes them (inputs or outputs, plus `__provider`). */
export type HostProperties = Record<string, unknown>;

/** The property holding the serialized provider; echoed into recorded properties. */
const PROVIDER_KEY = "__provider";

/**
 * Thrown to make the host answer ErrorResourceInitFailed: the engine records the resource with
 * `id` and `properties` although the step failed, and retries it on the next `up`.
 */
export class ResourceInitFailed extends Error {
  /** The reasons shown by the engine (the message). */
  readonly reasons: string[];
  /**
   * @param id the resource id to record
   * @param properties the outputs to record (with `__provider`)
   * @param message the one message shown to the user
   */
  constructor(
    readonly id: string,
    readonly properties: HostProperties,
    message: string,
  ) {
    super(message);
    this.reasons = [message];
  }
}

/** The Refresh provider (full ResourceProvider, configure included). */
export const provider: Required<pulumi.dynamic.ResourceProvider<HostProperties, HostProperties>> = {
  async configure(req) {
    configure(req.config);
  },

  async check(_olds, news) {
    assertConfigured("workiva"); // configuration errors fail preview, not only up
    const { inputs, failures } = validateRefreshInputs(news);
    return { inputs: { ...inputs }, failures };
  },

  async diff(_id, olds, news) {
    // A replacement's create comes next: the runs of the resource it replaces are not new starts.
    rememberRuns(asOutputs(olds).runs);
    return diffRefresh(asOutputs(olds), news);
  },

  async create(news) {
    const inputs = checkedInputs(news);
    const id = randomUUID();
    const outcome = await recordingFailures(id, inputs, news, () =>
      runRefresh(workivaSession(), inputs, knownJobIds()),
    );
    return { id, outs: { ...toOutputs(inputs, outcome) } };
  },

  async read(id, props = {}) {
    rememberRuns(asOutputs(props).runs);
    const inputs = inputsOf(asOutputs(props));
    const outcome = await readRefresh(
      workivaSession(),
      checkedInputs({ ...inputs }),
      outcomeOf(asOutputs(props)),
    );
    return { id, props: { ...toOutputs(inputs, outcome) }, inputs: { ...inputs } };
  },

  async update(id, olds, news) {
    rememberRuns(asOutputs(olds).runs);
    const inputs = checkedInputs(news);
    const previous = outcomeOf(asOutputs(olds));
    if (previous.deployError === undefined) return { outs: { ...toOutputs(inputs, previous) } };
    const outcome = await recordingFailures(id, inputs, news, () =>
      settleRefresh(workivaSession(), inputs, previous),
    );
    return { outs: { ...toOutputs(inputs, outcome) } };
  },

  async delete() {
    // A refresh cannot be undone: removing the resource only forgets it.
  },
};

/** The typed inputs (check already validated them; defaults applied again for old states). */
function checkedInputs(props: HostProperties): RefreshInputs {
  return validateRefreshInputs(props).inputs;
}

/** Old outputs as recorded by this provider (older states may lack fields; readers tolerate it). */
function asOutputs(props: HostProperties): RefreshOutputs {
  return props as unknown as RefreshOutputs;
}

/**
 * Runs a step (its runs are remembered as known, see known-runs.ts); a RefreshStepFailure becomes
 * ResourceInitFailed recording its outcome.
 */
async function recordingFailures(
  id: string,
  inputs: RefreshInputs,
  news: HostProperties,
  step: () => Promise<RefreshOutcome>,
): Promise<RefreshOutcome> {
  try {
    const outcome = await step();
    rememberRuns(outcome.runs);
    return outcome;
  } catch (err) {
    if (err instanceof RefreshStepFailure) {
      rememberRuns(err.outcome.runs);
      const message = redact(err.message);
      const outcome = { ...err.outcome, deployError: message };
      const properties = { ...toOutputs(inputs, outcome), [PROVIDER_KEY]: news[PROVIDER_KEY] };
      throw new ResourceInitFailed(id, properties, message);
    }
    throw err instanceof Error ? err : new Error(redact(String(err)));
  }
}
