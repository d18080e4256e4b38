/**
 * `posthog.SourceWebhook`: the webhook of a source whose type supports webhooks (e.g. Stripe),
 * so its tables can use `syncType: "webhook"`.
 * Type token: `pulumi-nodejs:dynamic/posthog:SourceWebhook`.
 */
import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../../dynamic/delegate";

/** See external-data-source.ts: one shared delegating provider, `.js` for the exports map. */
const PROVIDER = delegatingProvider("pulumi-datasync/dist/provider/posthog/webhook/provider.js");

/** Arguments of a SourceWebhook. */
export interface SourceWebhookArgs {
  /** The PostHog project (default: `posthog:projectId` config, then `POSTHOG_PROJECT_ID`). Changing it replaces the webhook. */
  projectId?: pulumi.Input<string>;
  /** The source to create the webhook for. Changing it replaces the webhook. */
  sourceId: pulumi.Input<string>;
}

/**
 * A source's webhook: create calls `create_webhook` (a `success: false` answer fails with
 * PostHog's text), destroy calls `delete_webhook`. Its id is the source id.
 *
 * @example
 * ```ts
 * const hook = new posthog.SourceWebhook("stripe-webhook", { sourceId: stripe.id });
 * export const webhookUrl = hook.webhookUrl;
 * ```
 */
export class SourceWebhook extends pulumi.dynamic.Resource {
  /** The project. */
  declare readonly projectId: pulumi.Output<string>;
  /** The source id. */
  declare readonly sourceId: pulumi.Output<string>;
  /** The URL PostHog receives the source's events on (register it with the source system). */
  declare readonly webhookUrl: pulumi.Output<string | undefined>;

  /**
   * Creates the webhook of a PostHog source (sources whose tables sync by webhook, such as
   * Stripe's): `up` asks PostHog to create it and records the URL to register with the source
   * system; destroy deletes it.
   *
   * @param name the resource's unique name in the stack
   * @param args the source (`sourceId`) and optionally its project (`projectId`)
   * @param opts resource options
   * @example
   * ```ts
   * const hook = new posthog.SourceWebhook("stripe-webhook", { sourceId: stripe.id });
   * export const webhookUrl = hook.webhookUrl;
   * ```
   */
  constructor(name: string, args: SourceWebhookArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      PROVIDER,
      name,
      { ...args, projectId: args.projectId, webhookUrl: undefined },
      opts,
      "posthog",
      "SourceWebhook",
    );
  }
}
