/**
 * PATCH external_data_sources/:id/ (`views/external_data_source/source_setup.py`,
 * `ExternalDataSourceSerializers.update`): `job_inputs` merged into the stored ones (job-inputs-patch.ts,
 * with the host-change guard), validated and normalised like at create; credentials re-checked only
 * when the normalised config changed; `description` set; `prefix` ignored for warehouse sources (a
 * direct source's prefix is its name and is updated). Errors are DRF validation errors.
 */
import { credentialsError } from "./credentials";
import { ACCESS_METHODS } from "./enums";
import { validationError } from "./errors";
import { FieldReader, bodyObject } from "./fields";
import { mergeJobInputs } from "./job-inputs-patch";
import { CREATE_MESSAGES } from "./source-create";
import { checkConfig } from "./source-configs";
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

  const definition = store.settings.definitions.get(source.sourceType);
  const merged = mergeJobInputs(definition, source.jobInputs, incoming ?? {});
  const check = checkConfig(definition, merged);
  if ("errors" in check) throw validationError(CREATE_MESSAGES.invalidConfig(check.errors));
  const stored: Record<string, unknown> = { ...check.stored };
  for (const [key, value] of Object.entries(source.jobInputs))
    if (key.startsWith("cdc_")) stored[key] = value;
  if (incoming !== undefined && JSON.stringify(stored) !== JSON.stringify(source.jobInputs)) {
    const error = credentialsError(definition, source.sourceType, stored);
    if (error) throw validationError(error);
  }

  source.jobInputs = stored;
  source.prefix = nextPrefix;
  if (description !== undefined) source.description = description;
}
