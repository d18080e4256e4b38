/**
 * Adversarial cases for the real engine (test/cli/adversarial.test.ts), by the `stage` config:
 * - `1`: a Postgres source whose secret password is full of quoting hazards, a description in
 *   several scripts, a table tuned on its own resource that depends on the source's id;
 * - `2`: the prefix changes (forces a replacement of the source, and of the dependent table
 *   resource through its unknown `sourceId`) together with an in-place description change;
 * - `invalid`: a sync frequency the API does not know, which must stop preview before any call.
 */
import * as pulumi from "@pulumi/pulumi";
import { posthog } from "pulumi-datasync";

const config = new pulumi.Config();
const stage = config.get("stage") ?? "1";

const source = new posthog.ExternalDataSource("adv-source", {
  sourceType: "Postgres",
  prefix: stage === "2" ? "adv2_" : "adv_",
  description: stage === "2" ? "Zweite Fassung: données, 数据" : "Erste Fassung: données, 数据, ελληνικά",
  jobInputs: {
    host: "db.internal",
    port: "5432",
    database: "app",
    user: "reader",
    password: config.requireSecret("dbPassword"),
    schema: "public",
  },
  schemas: [
    {
      name: "orders",
      syncType: "incremental",
      incrementalField: "updated_at",
      incrementalFieldType: "datetime",
      syncFrequency: stage === "invalid" ? "hourly" : "1hour",
    },
    { name: "customers", syncType: "full_refresh", syncFrequency: "24hour" },
  ],
});

const events = new posthog.ExternalDataSchema("adv-events", {
  sourceId: source.id,
  name: "events",
  syncType: "incremental",
  incrementalField: "updated_at",
  syncFrequency: "6hour",
});

export const sourceId = source.id;
export const eventsId = events.id;
