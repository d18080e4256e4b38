/** SourceWebhook operations: create_webhook / delete_webhook of a source (id = the source id). */
import { isNotFound, type PosthogClient } from "./client";
import type { DiffResult } from "./source-diff";
import { isUnknown } from "./unknown";
import { withoutUndefined } from "./values";

/** The inputs of a SourceWebhook after check. */
export interface WebhookInputs {
  projectId: string;
  sourceId: string;
}

/** The outputs of a SourceWebhook. */
export interface WebhookOutputs extends WebhookInputs {
  /** The URL PostHog receives the source's events on. */
  webhookUrl?: string;
}

/** Replace when the source or project changes (one webhook per source: delete first). */
export function diffWebhook(olds: WebhookOutputs, news: WebhookInputs): DiffResult {
  const replaces = (["projectId", "sourceId"] as const).filter(
    (f) => isUnknown(news[f]) || news[f] !== olds[f],
  );
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 || undefined };
}

/** Creates the webhook; an answer with `success: false` is an error carrying PostHog's text. */
export async function createWebhook(
  client: PosthogClient,
  inputs: WebhookInputs,
): Promise<{ id: string; outs: WebhookOutputs }> {
  const result = await client.createWebhook(inputs.sourceId);
  if (!result?.success) {
    throw new Error(
      `create_webhook for source "${inputs.sourceId}" failed: ${result?.error || "PostHog gave no reason"}`,
    );
  }
  const outs = withoutUndefined({
    projectId: inputs.projectId,
    sourceId: inputs.sourceId,
    webhookUrl: result.webhook_url ?? undefined,
  });
  return { id: inputs.sourceId, outs };
}

/** Reads the webhook: gone when its source is gone (PostHog does not expose the webhook itself). */
export async function readWebhook(
  client: PosthogClient,
  id: string,
  state: WebhookOutputs,
): Promise<{ id?: string; props?: WebhookOutputs; inputs?: WebhookInputs }> {
  try {
    await client.getSource(state.sourceId ?? id);
  } catch (error) {
    if (isNotFound(error)) return {};
    throw error;
  }
  const props = withoutUndefined({
    projectId: state.projectId,
    sourceId: state.sourceId,
    webhookUrl: state.webhookUrl,
  });
  return { id, props, inputs: { projectId: state.projectId, sourceId: state.sourceId } };
}

/** Deletes the webhook; a source already gone is success, `success: false` is an error. */
export async function deleteWebhook(client: PosthogClient, state: WebhookOutputs): Promise<void> {
  try {
    const result = await client.deleteWebhook(state.sourceId);
    if (result && result.success === false) {
      throw new Error(
        `delete_webhook for source "${state.sourceId}" failed: ${result.error || "PostHog gave no reason"}`,
      );
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
