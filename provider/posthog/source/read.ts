/**
 * ExternalDataSource read (`pulumi refresh`): PostHog's current values, real drift reflected in
 * both outputs and inputs so the next preview shows the way back. A source deleted elsewhere is
 * reported gone (no id), not an error.
 */
import type { ApiSource } from "../api/types";
import { isNotFound, type PosthogClient } from "../api/client";
import type { SourceInputs, SourceOutputs } from "./model";
import { knownDefinition } from "../config/definitions";
import { jobInputsAfterRead } from "../config/job-inputs-read";
import { sourceOutputs } from "./state";
import { withoutUndefined } from "../common/values";

/** What read returns: no id when the source is gone. */
export interface ReadSourceResult {
  id?: string;
  props?: SourceOutputs;
  inputs?: SourceInputs;
}

/** The inputs that reproduce `outs` (what the program would have to declare). */
export function inputsFromOutputs(outs: SourceOutputs): SourceInputs {
  return withoutUndefined({
    projectId: outs.projectId,
    sourceType: outs.sourceType,
    prefix: outs.prefix,
    accessMethod: outs.accessMethod as SourceInputs["accessMethod"],
    description: outs.description,
    jobInputs: outs.jobInputs,
    schemas: outs.schemas,
    existingSourceId: outs.existingSourceId,
  });
}

/** The outputs of a freshly read source, keeping what only the state knows. */
export function outputsAfterRead(source: ApiSource, state: SourceOutputs): SourceOutputs {
  return sourceOutputs(
    source,
    {
      projectId: state.projectId,
      schemas: state.schemas,
      existingSourceId: state.existingSourceId,
      accessMethod: undefined,
      resolutions: state.incrementalFieldResolutions,
    },
    jobInputsAfterRead(
      state.jobInputs ?? {},
      source.job_inputs,
      knownDefinition(state.sourceType ?? source.source_type)?.fields,
    ),
  );
}

/** Reads source `id`. */
export async function readSource(
  client: PosthogClient,
  id: string,
  state: SourceOutputs,
): Promise<ReadSourceResult> {
  let source: ApiSource;
  try {
    source = await client.getSource(id);
  } catch (error) {
    if (isNotFound(error)) return {};
    throw error;
  }
  const props = outputsAfterRead(source, state);
  return { id, props, inputs: inputsFromOutputs(props) };
}

/** Deletes source `id`; already gone is success. */
export async function deleteSource(client: PosthogClient, id: string): Promise<void> {
  try {
    await client.deleteSource(id);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
