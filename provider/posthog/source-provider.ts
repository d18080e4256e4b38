/**
 * The ExternalDataSource resource provider, loaded in the provider host through
 * `delegatingProvider("pulumi-datasync/dist/provider/posthog/source-provider.js")`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { assertConfigured } from "../config";
import { posthogClient, configuredProjectId } from "./connection";
import { configureFromRequest, guarded } from "./provider-guard";
import { registerJobInputSecrets } from "./secrets";
import { createSource } from "./source-create";
import { diffSource } from "./source-diff";
import type { SourceInputs, SourceOutputs } from "./source-model";
import { deleteSource, readSource } from "./source-read";
import { updateSource } from "./source-update";
import { checkSourceInputs } from "./validation";

/** The full ExternalDataSource provider (configure, check, diff, create, read, update, delete). */
export const provider: Required<pulumi.dynamic.ResourceProvider> = {
  configure: configureFromRequest,

  async check(_olds, news) {
    assertConfigured("posthog"); // configuration errors fail preview, not only up
    return checkSourceInputs(news, { defaultProjectId: configuredProjectId() });
  },

  async diff(id, olds, news) {
    return diffSource(id, olds as SourceOutputs, news as SourceInputs);
  },

  create: (inputs) =>
    guarded(async () => {
      const declared = inputs as SourceInputs;
      registerJobInputSecrets(declared.jobInputs);
      return createSource(posthogClient(declared.projectId), declared, inputs);
    }),

  read: (id, props) =>
    guarded(async () => {
      const state = props as SourceOutputs;
      registerJobInputSecrets(state.jobInputs);
      return readSource(posthogClient(state.projectId), id, state);
    }),

  update: (id, olds, news) =>
    guarded(async () => {
      const declared = news as SourceInputs;
      registerJobInputSecrets(declared.jobInputs);
      registerJobInputSecrets((olds as SourceOutputs).jobInputs);
      return {
        outs: await updateSource(
          posthogClient(declared.projectId),
          id,
          olds as SourceOutputs,
          declared,
          news,
        ),
      };
    }),

  delete: (id, props) =>
    guarded(async () => {
      const state = props as SourceOutputs;
      registerJobInputSecrets(state.jobInputs);
      await deleteSource(posthogClient(state.projectId), id);
    }),
};
