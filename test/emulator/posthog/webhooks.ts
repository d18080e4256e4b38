/** Webhook state of sources whose type supports webhooks (Stripe by default). */
import { randomUUID } from "node:crypto";
import type { PosthogStore } from "./store";
import type { SourceRecord } from "./types";

/** True when the source's type has webhooks. */
export function supportsWebhooks(store: PosthogStore, source: SourceRecord): boolean {
  return store.settings.webhookSourceTypes.has(source.sourceType);
}

/** Creates (or keeps) the source's webhook; returns its id. */
export function ensureWebhook(source: SourceRecord): string {
  source.webhook.id ??= randomUUID();
  source.webhook.exists = true;
  return source.webhook.id;
}

/** Names of live schemas that sync through the webhook. */
export function webhookSchemaNames(store: PosthogStore, source: SourceRecord): string[] {
  return store
    .schemasOf(source.id)
    .filter((schema) => schema.shouldSync && schema.syncType === "webhook")
    .map((schema) => schema.name);
}
