/**
 * The ExternalDataSource resource provider, loaded in the provider host through
 * `delegatingProvider("pulumi-datasync/dist/provider/posthog/source/provider.js")`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { assertConfigured } from "../../config";
import { posthogClient, configuredProjectId } from "../api/connection";
import { configureFromRequest, guarded } from "../common/provider-guard";
import { registerJobInputSecrets } from "../config/secrets";
import { createSource } from "./create";
import { diffSource } from "./diff";
import type { SourceInputs, SourceOutputs } from "./model";
import { deleteSource, readSource } from "./read";
import { updateSource } from "./update";
import { checkSourceInputs } from "../validation/check";
import { knownDefinition, sourceDefinitions } from "../config/definitions";
import { isUnknown } from "../common/unknown";
import { deepEqual } from "../common/values";

/** Notes already written by this process (each once). */
const notesWritten = new Set<string>();

/** Tells the preview something without failing it: one warning line on the provider's stderr. */
function note(text: string): void {
  if (notesWritten.has(text)) return;
  notesWritten.add(text);
  console.error(`warning: ${text}`);
}

/** The full ExternalDataSource provider (configure, check, diff, create, read, update, delete). */
export const provider: Required<pulumi.dynamic.ResourceProvider> = {
  configure: configureFromRequest,

  async check(olds, news) {
    assertConfigured("posthog"); // configuration errors fail preview, not only up
    // jobInputs are checked against PostHog's field definitions when they are new or changed.
    const jobInputsUnchanged = olds.jobInputs !== undefined && deepEqual(olds.jobInputs, news.jobInputs);
    const projectId =
      typeof news.projectId === "string" && !isUnknown(news.projectId) ? news.projectId : undefined;
    const definitions = jobInputsUnchanged ? undefined : (await sourceDefinitions(projectId)).definitions;
    const { inputs, failures, notes } = checkSourceInputs(news, {
      defaultProjectId: configuredProjectId(),
      definitions,
      jobInputsUnchanged,
    });
    notes?.forEach(note);
    return { inputs, failures };
  },

  async diff(id, olds, news) {
    return diffSource(id, olds as SourceOutputs, news as SourceInputs);
  },

  create: (inputs) =>
    guarded(async () => {
      const declared = inputs as SourceInputs;
      registerJobInputSecrets(declared.jobInputs, knownDefinition(declared.sourceType));
      return createSource(posthogClient(declared.projectId), declared, inputs);
    }),

  read: (id, props) =>
    guarded(async () => {
      const state = props as SourceOutputs;
      registerJobInputSecrets(state.jobInputs, knownDefinition(state.sourceType));
      return readSource(posthogClient(state.projectId), id, state);
    }),

  update: (id, olds, news) =>
    guarded(async () => {
      const declared = news as SourceInputs;
      registerJobInputSecrets(declared.jobInputs, knownDefinition(declared.sourceType));
      registerJobInputSecrets((olds as SourceOutputs).jobInputs, knownDefinition(declared.sourceType));
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
      registerJobInputSecrets(state.jobInputs, knownDefinition(state.sourceType));
      await deleteSource(posthogClient(state.projectId), id);
    }),
};
