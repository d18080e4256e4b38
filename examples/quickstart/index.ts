/**
 * The pulumi-datasync quickstart: a Stripe source synced into the PostHog data warehouse, one more
 * table tuned on its own, the Stripe webhook, and the Workiva reports that are refreshed whenever
 * the warehouse settings change.
 *
 * Config: `stripeSecretKey` (secret), `chargeSyncFrequency` (default 6hour), plus the provider
 * settings `posthog:*` and `workiva:*` (see the README).
 */
import * as pulumi from "@pulumi/pulumi";
import { posthog, workiva } from "pulumi-datasync";

const config = new pulumi.Config();

/**
 * The Stripe tables we sync, with their settings. Changing one is an in-place update. PostHog's
 * Stripe tables are append-only on `created`: the field type is looked up in PostHog when left out.
 */
const tables: posthog.ExternalDataSourceSchemaArgs[] = [
  {
    name: "Customer",
    syncType: "append",
    incrementalField: "created",
    syncFrequency: "1hour",
  },
  {
    name: "Charge",
    syncType: "append",
    incrementalField: "created",
    incrementalFieldType: "integer",
    syncFrequency: config.get("chargeSyncFrequency") ?? "6hour",
  },
  { name: "Invoice", syncType: "full_refresh", syncFrequency: "24hour", syncTimeOfDay: "02:00:00" },
];

const stripe = new posthog.ExternalDataSource("stripe", {
  sourceType: "Stripe",
  prefix: "stripe_",
  description: "Stripe billing data for finance reporting",
  // PostHog's own job_inputs shape: the key sits inside the chosen auth method.
  jobInputs: {
    auth_method: { selection: "api_key", stripe_secret_key: config.requireSecret("stripeSecretKey") },
    stripe_account_id: "acct_quickstart",
  },
  schemas: tables,
});

/** One more table, tuned on its own resource (its own lifecycle, triggers and destroy behaviour). */
const subscriptions = new posthog.ExternalDataSchema("stripe-subscriptions", {
  sourceId: stripe.id,
  name: "Subscription",
  syncType: "append",
  incrementalField: "created",
  syncFrequency: "6hour",
  syncTimeOfDay: "03:00:00",
});

const webhook = new posthog.SourceWebhook("stripe-webhook", { sourceId: stripe.id });

/**
 * The Workiva reports built on that data. Three connections write into the sales workbook (one
 * batch request), one into the finance workbook and one into the ESG document (single refreshes).
 * The triggers follow the warehouse settings: change a table's settings and the reports refresh.
 */
const reports = new workiva.Refresh("finance-reports", {
  connections: ["conn-sales-1", "conn-sales-2", "conn-sales-3", "conn-finance-1", "conn-esg-1"],
  triggers: { stripeTables: tables, subscriptions: subscriptions.syncFrequency },
  timeoutSeconds: 600,
});

export const sourceId = stripe.id;
export const schemaIds = stripe.schemaIds;
export const subscriptionSchemaId = subscriptions.id;
export const webhookUrl = webhook.webhookUrl;
export const refreshStatus = reports.status;
export const refreshedConnections = reports.runs.apply((runs) => runs.map((run) => run.connectionId));
export const refreshBatches = reports.batchRefreshIds;
