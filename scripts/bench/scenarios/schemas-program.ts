/**
 * The program of scenario 2: one ExternalDataSchema per table. Its own module so that the SDK
 * floor (`../sdk-floor-child.ts`) registers exactly what the harness runs.
 */
import { posthog } from "pulumi-datasync";
import type { NaiveTable } from "../naive";

/** Declares one ExternalDataSchema per table of `sourceId`; returns them. */
export function declareSchemas(sourceId: string, tables: NaiveTable[]): posthog.ExternalDataSchema[] {
  return tables.map(
    (t) =>
      new posthog.ExternalDataSchema(t.name, {
        sourceId,
        name: t.name,
        syncType: t.sync_type as posthog.SyncType,
        syncFrequency: t.sync_frequency as posthog.SyncFrequency,
      }),
  );
}

/** The tables of the scenario: `count` tables, full refresh daily. */
export function schemaTables(names: string[]): NaiveTable[] {
  return names.map((name) => ({ name, sync_type: "full_refresh", sync_frequency: "24hour" }));
}
