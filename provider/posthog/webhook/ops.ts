/** SourceWebhook operations: create_webhook / delete_webhook of a source (id = the source id). */
import { isApiError } from "../../http";
import { isNotFound, type PosthogClient } from "../api/client";
import { initFailed } from "../common/init-failed";
import type { DiffResult } from "../source/diff";
import { isUnknown } from "../common/unknown";
import { withoutUndefined } from "../common/values";

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

/**
 * Creates the webhook; an answer with `success: false` is an error carrying PostHog's text.
 *
 * A lost answer: the webhook may or may not exist, and PostHog exposes no way to look it up. The
 * resource is recorded without its URL (so destroy removes whatever was created, never an
 * orphan), and the next `up` completes it with `completeWebhook`: it sends `create_webhook` once
 * more, which is the only way to learn the URL. Chosen on the assumption (not confirmed by the
 * contract; the emulator behaves so) that PostHog answers a second `create_webhook` for a source
 * with its existing webhook rather than registering another one.
 */
export async function createWebhook(
  client: PosthogClient,
  inputs: WebhookInputs,
  rawInputs: Record<string, unknown>,
): Promise<{ id: string; outs: WebhookOutputs }> {
  let result: Awaited<ReturnType<PosthogClient["createWebhook"]>>;
  try {
    result = await client.createWebhook(inputs.sourceId);
  } catch (error) {
    if (!isApiError(error) || !error.ambiguous) throw error;
    const recorded = { projectId: inputs.projectId, sourceId: inputs.sourceId };
    throw initFailed(
      inputs.sourceId,
      recorded,
      rawInputs,
      error,
      "create_webhook (its answer was lost, so the webhook may exist: it is recorded so that destroy removes it; its URL is unknown)",
    );
  }
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

/** Update: inputs never change in place; a webhook recorded without its URL is completed. */
export async function completeWebhook(
  client: PosthogClient,
  olds: WebhookOutputs,
  rawInputs: Record<string, unknown>,
): Promise<WebhookOutputs> {
  if (olds.webhookUrl !== undefined) return olds;
  return (await createWebhook(client, olds, rawInputs)).outs;
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
