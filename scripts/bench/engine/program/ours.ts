/** The scenarios' programs with pulumi-datasync's resources, exactly as a user declares them. */
import * as pulumi from "@pulumi/pulumi";
import { posthog, workiva } from "pulumi-datasync";
import type { ProgramSpec } from "./spec";
import { BENCH_POSTGRES_SOURCE, BENCH_REFRESH_TRIGGERS } from "./sources";

/** The args of the scenarios' resources, shared with the floor (same inputs, same count). */
export function sourceArgs(
  spec: Extract<ProgramSpec, { scenario: "source" }>,
): posthog.ExternalDataSourceArgs {
  return {
    ...BENCH_POSTGRES_SOURCE,
    schemas: spec.tables.map((t) => ({
      name: t.name,
      syncType: t.syncType as posthog.SyncType,
      syncFrequency: t.syncFrequency as posthog.SyncFrequency,
    })),
  };
}

/** One schema resource's args per table. */
export function schemaArgs(
  spec: Extract<ProgramSpec, { scenario: "schemas" }>,
): posthog.ExternalDataSchemaArgs[] {
  return spec.tables.map((t) => ({
    sourceId: spec.sourceId,
    name: t.name,
    syncType: t.syncType as posthog.SyncType,
    syncFrequency: t.syncFrequency as posthog.SyncFrequency,
  }));
}

/** The Refresh's args. */
export function refreshArgs(spec: Extract<ProgramSpec, { scenario: "refresh" }>): workiva.RefreshArgs {
  return { connections: spec.connections, triggers: BENCH_REFRESH_TRIGGERS };
}

/** Declares the scenario with pulumi-datasync; returns the stack outputs. */
export function declareOurs(spec: ProgramSpec): Record<string, pulumi.Input<unknown>> {
  switch (spec.scenario) {
    case "source":
      return { id: new posthog.ExternalDataSource("warehouse", sourceArgs(spec)).id };
    case "schemas":
      return {
        count: schemaArgs(spec).map((args) => new posthog.ExternalDataSchema(args.name as string, args))
          .length,
      };
    case "refresh":
      return { status: new workiva.Refresh("reports", refreshArgs(spec)).status };
  }
}
