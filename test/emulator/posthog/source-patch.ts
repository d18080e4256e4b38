/** PATCH external_data_sources/:id/: `job_inputs` merged, `description` set, `prefix` ignored
 * (warehouse sources; a direct source's prefix is its name and is updated). */
import { ACCESS_METHODS } from "./enums";
import { validationError } from "./errors";
import { FieldReader, bodyObject } from "./fields";
import { CREATE_MESSAGES } from "./source-create";
import { configErrors, credentialsValid, mergeJobInputs } from "./source-configs";
import type { PosthogStore } from "./store";
import type { SourceRecord } from "./types";

/** Message when a PATCH tries to change `access_method`. */
export const ACCESS_METHOD_FIXED_MESSAGE = "Access method cannot be changed. Create a new source instead.";

/** Validates and applies a source PATCH (all or nothing). DRF errors only. */
export function patchSource(store: PosthogStore, source: SourceRecord, rawBody: unknown): void {
  const reader = new FieldReader(bodyObject(rawBody));
  const prefix = reader.string("prefix", { allowBlank: true, maxLength: 100 });
  const description = reader.string("description", { allowBlank: true, maxLength: 400 });
  const incoming = reader.has("job_inputs") ? reader.object("job_inputs") : undefined;
  const accessMethod = reader.choice("access_method", ACCESS_METHODS);
  if (accessMethod && accessMethod !== source.accessMethod)
    throw validationError(ACCESS_METHOD_FIXED_MESSAGE);

  let nextPrefix = source.prefix;
  if (source.accessMethod === "direct" && prefix !== undefined) {
    nextPrefix = prefix?.trim() ?? "";
    if (!nextPrefix) throw validationError(CREATE_MESSAGES.directNameRequired);
  }

  const spec = store.settings.configSpecs.get(source.sourceType);
  const merged = mergeJobInputs(spec, source.jobInputs, incoming ?? {});
  delete merged.schemas;
  const errors = configErrors(spec, merged);
  if (errors.length > 0) throw validationError(CREATE_MESSAGES.invalidConfig(errors));
  if (incoming !== undefined && !credentialsValid(spec, merged)) {
    throw validationError(CREATE_MESSAGES.invalidCredentials);
  }

  source.jobInputs = merged;
  source.prefix = nextPrefix;
  if (description !== undefined) source.description = description;
}
