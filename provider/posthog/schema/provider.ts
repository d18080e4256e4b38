/**
 * The ExternalDataSchema resource provider, loaded in the provider host through
 * `delegatingProvider("pulumi-datasync/dist/provider/posthog/schema/provider.js")`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { assertConfigured } from "../../config";
import { configuredProjectId, posthogClient } from "../api/connection";
import { configureFromRequest, guarded } from "../common/provider-guard";
import type { SchemaInputs, SchemaOutputs } from "./model";
import { diffSchema } from "./diff";
import { createSchema, deleteSchema, readSchema, updateSchema } from "./ops";
import { checkSchemaInputs } from "../validation/check";

/** The full ExternalDataSchema provider (configure, check, diff, create, read, update, delete). */
export const provider: Required<pulumi.dynamic.ResourceProvider> = {
  configure: configureFromRequest,

  async check(_olds, news) {
    assertConfigured("posthog"); // configuration errors fail preview, not only up
    return checkSchemaInputs(news, { defaultProjectId: configuredProjectId() });
  },

  async diff(_id, olds, news) {
    return diffSchema(olds as SchemaOutputs, news as SchemaInputs);
  },

  create: (inputs) =>
    guarded(async () => {
      const declared = inputs as SchemaInputs;
      return createSchema(posthogClient(declared.projectId), declared);
    }),

  read: (id, props) =>
    guarded(async () => {
      const state = props as SchemaOutputs;
      return readSchema(posthogClient(state.projectId), id, state);
    }),

  update: (id, olds, news) =>
    guarded(async () => {
      const declared = news as SchemaInputs;
      return {
        outs: await updateSchema(
          posthogClient(declared.projectId),
          id,
          olds as SchemaOutputs,
          declared,
          news,
        ),
      };
    }),

  delete: (id, props) =>
    guarded(async () => {
      const state = props as SchemaOutputs;
      await deleteSchema(posthogClient(state.projectId), id, state);
    }),
};
