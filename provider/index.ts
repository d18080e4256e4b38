/**
 * pulumi-datasync: Pulumi dynamic resources for data-sync control planes.
 *
 * - `posthog`: PostHog data warehouse sources, per-table schema settings, webhooks and reads.
 * - `workiva`: Workiva Wdata connection refreshes and connection reads.
 */
export * as posthog from "./posthog";
export * as workiva from "./workiva";
