/**
 * The lifecycle harness: drives the real `@pulumi/pulumi` dynamic-provider host like the Pulumi
 * engine does. See README.md in this directory.
 */
export { Stack } from "./stack";
export type { StackOptions } from "./stack";
export type { Program } from "./program";
export { StackRunError, formatPlan } from "./plan";
export type { PlanOperation, PlanRow, RunKind, RunResult } from "./plan";
export { loadState } from "./state";
export type { ResourceState, StackState } from "./state";
export { assertNoLeaks, findLeaks, machinePaths } from "./leaks";
export type { Leak, LeakCheckOptions } from "./leaks";
export { HostCallError, ResourceInitError, startProviderHost } from "./host";
export type {
  CheckFailure,
  CheckResult,
  DiffResult,
  ProviderHost,
  ProviderHostOptions,
  ReadResult,
  ResourceRef,
} from "./host";
export { startEngineServer } from "./engine-server";
export type { EngineLogEntry, EngineServer } from "./engine-server";
export { prepareWorkspace } from "./workspace";
export { PROVIDER_KEY, SECRET_SIG, SECRET_SIG_KEY, UNKNOWN_VALUE } from "./wire";
export { failureOf, resourceNamed } from "./run-helpers";
