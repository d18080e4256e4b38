/**
 * The SourceWebhook resource provider, loaded in the provider host through
 * `delegatingProvider("pulumi-datasync/dist/provider/posthog/webhook/provider.js")`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { assertConfigured } from "../../config";
import { configuredProjectId, posthogClient } from "../api/connection";
import { configureFromRequest, guarded } from "../common/provider-guard";
import { checkWebhookInputs } from "../validation/check";
import {
  completeWebhook,
  createWebhook,
  deleteWebhook,
  diffWebhook,
  readWebhook,
  type WebhookInputs,
  type WebhookOutputs,
} from "./ops";

/** The full SourceWebhook provider (configure, check, diff, create, read, update, delete). */
export const provider: Required<pulumi.dynamic.ResourceProvider> = {
  configure: configureFromRequest,

  async check(_olds, news) {
    assertConfigured("posthog"); // configuration errors fail preview, not only up
    return checkWebhookInputs(news, { defaultProjectId: configuredProjectId() });
  },

  async diff(_id, olds, news) {
    return diffWebhook(olds as WebhookOutputs, news as WebhookInputs);
  },

  create: (inputs) =>
    guarded(async () => {
      const declared = inputs as WebhookInputs;
      return createWebhook(posthogClient(declared.projectId), declared, inputs);
    }),

  read: (id, props) =>
    guarded(async () => {
      const state = props as WebhookOutputs;
      return readWebhook(posthogClient(state.projectId), id, state);
    }),

  // Nothing of a webhook changes in place (every input replaces it); an update only completes a
  // webhook whose create answer was lost (the engine updates a resource recorded with init errors).
  update: (_id, olds, news) =>
    guarded(async () => {
      const state = olds as WebhookOutputs;
      return { outs: await completeWebhook(posthogClient(state.projectId), state, news) };
    }),

  delete: (_id, props) =>
    guarded(async () => {
      const state = props as WebhookOutputs;
      await deleteWebhook(posthogClient(state.projectId), state);
    }),
};
