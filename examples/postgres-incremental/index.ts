/**
 * A Postgres database synced incrementally into the PostHog data warehouse.
 *
 * What it teaches:
 * - incremental and append tables: only new or changed rows are synced, on the column you name;
 *   when you name the column but not its type, the provider looks the type up in PostHog
 *   (`incremental_fields`) and says which columns exist if the name is wrong;
 * - a high-volume table on its own `ExternalDataSchema`, with `resyncTriggers` for a full
 *   re-import when you bump a version, and `deleteDataOnDestroy` to drop its data on destroy.
 *
 * Config: `dbHost`, `dbPassword` (secret), `eventsBackfillVersion` (default v1).
 */
import * as pulumi from "@pulumi/pulumi";
import { posthog } from "pulumi-datasync";

const config = new pulumi.Config();

const appDb = new posthog.ExternalDataSource("app-db", {
  sourceType: "Postgres",
  prefix: "app_",
  description: "Application database (read replica)",
  jobInputs: {
    host: config.require("dbHost"),
    port: "5432",
    database: "app",
    user: "posthog_reader",
    password: config.requireSecret("dbPassword"),
    schema: "public",
  },
  schemas: [
    {
      name: "orders",
      syncType: "incremental",
      incrementalField: "updated_at",
      incrementalFieldType: "datetime",
      primaryKeyColumns: ["id"],
      syncFrequency: "15min",
    },
    {
      name: "customers",
      syncType: "incremental",
      incrementalField: "updated_at",
      incrementalFieldType: "datetime",
      syncFrequency: "1hour",
    },
    {
      name: "line_items",
      syncType: "append",
      incrementalField: "id",
      incrementalFieldType: "integer",
      syncFrequency: "1hour",
    },
  ],
});

const events = new posthog.ExternalDataSchema("app-events", {
  sourceId: appDb.id,
  name: "events",
  syncType: "incremental",
  incrementalField: "updated_at", // the type is looked up in PostHog (its field_type: timestamp)
  syncFrequency: "5min",
  resyncTriggers: config.get("eventsBackfillVersion") ?? "v1",
  deleteDataOnDestroy: true,
});

export const sourceId = appDb.id;
export const tables = appDb.schemaIds;
export const eventsIncrementalFieldType = events.incrementalFieldType;
export const eventsStatus = events.status;
