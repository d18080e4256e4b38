import { StackRunError, type RunResult } from "./plan";
import type { ResourceState } from "./state";

/** The failure of a run that must fail (throws if the run succeeded or failed otherwise). */
export async function failureOf(run: Promise<RunResult>): Promise<StackRunError> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof StackRunError)) throw new Error(`expected the run to fail, got ${String(err)}`);
  return err;
}

/** The live resource of a run's state with this name (not one pending deletion). */
export function resourceNamed(result: RunResult, name: string): ResourceState {
  const resource = result.state.resources.find((r) => r.name === name && !r.pendingDelete);
  if (!resource) throw new Error(`no resource ${name} in state`);
  return resource;
}
