/** The host-side shapes of an ExternalDataSource: its checked inputs and its outputs (state). */
import type { AccessMethod } from "../api/enums";
import type { FieldResolutions } from "../schema/field-resolution";
import type { TableSettings } from "../schema/settings";

/** One declared table of a source: its name and the settings managed for it. */
export interface DeclaredTable extends TableSettings {
  /** The table's name as PostHog lists it (e.g. `Customer`, `orders`). */
  name: string;
}

/** The inputs of an ExternalDataSource after `check` (defaults filled, undefined = not managed). */
export interface SourceInputs {
  projectId: string;
  sourceType: string;
  /** Undefined = no prefix (for an adopted source: whatever it has). */
  prefix?: string;
  /** Defaults to `warehouse`, except for an adopted source (undefined = whatever it has). */
  accessMethod?: AccessMethod;
  /** Undefined = not managed. */
  description?: string;
  /** As given; a secret in state. */
  jobInputs: Record<string, unknown>;
  /** Declared tables (shouldSync filled with true); undefined = tables not managed. */
  schemas?: DeclaredTable[];
  existingSourceId?: string;
}

/**
 * The outputs of an ExternalDataSource. Besides what PostHog reports, they carry what diff, read
 * and delete need (the host gives those methods only the outputs): the declared tables (with
 * PostHog's values of the declared settings), the job inputs as sent, `existingSourceId`.
 */
export interface SourceOutputs {
  projectId: string;
  sourceType: string;
  prefix?: string;
  description?: string;
  accessMethod: string;
  status?: string;
  latestError?: string;
  createdAt?: string;
  lastRunAt?: string;
  /** Every table PostHog has for the source: name -> schema id. */
  schemaIds: Record<string, string>;
  /** The job inputs as sent (PostHog redacts secrets on read), with drift of visible keys applied. */
  jobInputs: Record<string, unknown>;
  /** The declared tables, each with PostHog's current values of its declared settings. */
  schemas?: DeclaredTable[];
  /** How declared incremental fields map to the fields PostHog stores (a label, a type left out). */
  incrementalFieldResolutions?: FieldResolutions;
  existingSourceId?: string;
}
