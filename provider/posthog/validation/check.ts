/**
 * `check` validation of the PostHog resources' inputs, run at preview: every enum, prefix and
 * description rules, `HH:MM:SS` times, incremental/append needing a field (its type is looked up
 * when left out), cdc needing primary key columns, `jobInputs` against the source type's field
 * definitions (config/job-inputs-check.ts). The unknown placeholder is tolerated anywhere.
 * Failures name the property and the allowed values, and never contain a jobInputs value.
 */
import { z } from "zod";
import {
  ACCESS_METHODS,
  CDC_TABLE_MODES,
  DEFAULT_ACCESS_METHOD,
  INCREMENTAL_FIELD_TYPES,
  KNOWN_SOURCE_TYPES,
  SYNC_FREQUENCIES,
  SYNC_TYPES,
  SYNC_TYPES_NEEDING_INCREMENTAL_FIELD,
  SYNC_TYPES_WITH_INCREMENTAL_FIELD,
  SYNC_TYPES_WITH_PRIMARY_KEY,
  XMIN_SOURCE_TYPES,
  type AccessMethod,
} from "../api/enums";
import type { SourceDefinitions } from "../config/field-definitions";
import { jobInputsFailures } from "../config/job-inputs-check";
import type { DeclaredTable, SourceInputs } from "../source/model";
import type { SchemaInputs } from "../schema/model";
import { SETTING_NAMES, type TableSettings } from "../schema/settings";
import { isUnknown } from "../common/unknown";
import { bool, nonEmptyString, oneOf, pathId, tolerant, toFailures, type CheckFailure } from "./rules";
import { asRecord, withoutUndefined } from "../common/values";

export type { CheckFailure } from "./rules";

/** Longest description PostHog stores. */
export const MAX_DESCRIPTION_LENGTH = 400;
/** Longest table prefix PostHog accepts. */
export const MAX_PREFIX_LENGTH = 100;

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const PREFIX_CHARS = /^[A-Za-z0-9_]+$/;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

/** What check returns: the normalized inputs (or the given ones when it fails) and the failures. */
export interface CheckResult<T> {
  inputs: T;
  failures: CheckFailure[];
  /** What the preview should tell without failing (e.g. jobInputs left unvalidated). */
  notes?: string[];
}

/** Options of the checks: where a missing `projectId` comes from, what jobInputs are checked against. */
export interface CheckOptions {
  /** The configured project (`posthog:projectId` / `POSTHOG_PROJECT_ID`), if any. */
  defaultProjectId?: string;
  /** The field definitions of the source types (from the instance, else built in). */
  definitions?: SourceDefinitions;
  /** True when jobInputs are those of the state (validated when they were last changed): not checked again. */
  jobInputsUnchanged?: boolean;
}

const sourceTypeSchema = nonEmptyString().superRefine((value, ctx) => {
  if ((KNOWN_SOURCE_TYPES as readonly string[]).includes(value)) return;
  const sameIgnoringCase = KNOWN_SOURCE_TYPES.find((known) => known.toLowerCase() === value.toLowerCase());
  if (sameIgnoringCase) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not allowed (source types are case-sensitive); use "${sameIgnoringCase}"`,
    });
  } else if (!IDENTIFIER.test(value)) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not a source type; known values include: ${KNOWN_SOURCE_TYPES.join(", ")}`,
    });
  }
});

const prefixSchema = z
  .string({ error: "must be a string" })
  .max(MAX_PREFIX_LENGTH, { error: `is longer than ${MAX_PREFIX_LENGTH} characters` });

/** Sources that may use `accessMethod: "direct"` (PostHog's direct-query sources). */
export const DIRECT_SOURCE_TYPES: readonly string[] = [
  "Postgres",
  "MySQL",
  "Snowflake",
  "Redshift",
  "ClickHouse",
  "MotherDuck",
  "Trino",
];

/**
 * Prefix rules, which depend on the access method: a warehouse source's prefix names tables
 * (`[A-Za-z0-9_]`, starting with a letter or `_`, not only underscores); a direct source's
 * prefix is its required name (Postgres only).
 */
function prefixRuleFailures(news: Record<string, unknown>): CheckFailure[] {
  const { prefix, accessMethod, sourceType } = news;
  if (isUnknown(prefix) || isUnknown(accessMethod)) return [];
  if (accessMethod === "direct") {
    const failures: CheckFailure[] = [];
    if (known(sourceType) && typeof sourceType === "string" && !DIRECT_SOURCE_TYPES.includes(sourceType)) {
      failures.push({
        property: "accessMethod",
        reason: `"direct" is available only for ${DIRECT_SOURCE_TYPES.join(", ")} sources`,
      });
    }
    if (typeof prefix !== "string" || prefix.trim() === "") {
      failures.push({
        property: "prefix",
        reason: 'is required when accessMethod is "direct" (it is the source\'s name)',
      });
    }
    return failures;
  }
  if (typeof prefix !== "string" || prefix === "" || prefix.length > MAX_PREFIX_LENGTH) return [];
  // PostHog strips underscores from both ends first, then wants an identifier: `_1x` is refused.
  const core = prefix.replace(/^_+|_+$/g, "");
  const problem = !PREFIX_CHARS.test(prefix)
    ? "may contain only letters, digits and underscores"
    : core === ""
      ? "cannot consist of underscores only"
      : !/^[A-Za-z]/.test(core)
        ? "must start with a letter once leading underscores are stripped"
        : undefined;
  if (!problem) return [];
  return [
    {
      property: "prefix",
      reason: `${JSON.stringify(prefix)} ${problem} (allowed: [A-Za-z0-9_], starting with a letter after any underscores, at most ${MAX_PREFIX_LENGTH})`,
    },
  ];
}

const descriptionSchema = z
  .string({ error: "must be a string" })
  .max(MAX_DESCRIPTION_LENGTH, { error: `must be at most ${MAX_DESCRIPTION_LENGTH} characters` });

/** The zod shape of one table's settings. */
const settingsShape = {
  shouldSync: tolerant(bool().optional()),
  syncType: tolerant(oneOf(SYNC_TYPES).optional()),
  incrementalField: tolerant(nonEmptyString("a column name").optional()),
  incrementalFieldType: tolerant(oneOf(INCREMENTAL_FIELD_TYPES).optional()),
  primaryKeyColumns: tolerant(
    z
      .array(tolerant(nonEmptyString("a column name")), { error: "must be a list of column names" })
      .min(1, { error: "must name at least one column" })
      .optional(),
  ),
  syncFrequency: tolerant(oneOf(SYNC_FREQUENCIES).optional()),
  syncTimeOfDay: tolerant(
    z
      .string({ error: "must be a time of day HH:MM:SS (UTC)" })
      .regex(TIME_OF_DAY, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a time of day HH:MM:SS (UTC), e.g. "02:30:00"`,
      })
      .optional(),
  ),
  cdcTableMode: tolerant(oneOf(CDC_TABLE_MODES).optional()),
};

const tableSchema = z.object(
  { name: tolerant(nonEmptyString("a table name")), ...settingsShape },
  { error: "must be an object { name, ...settings }" },
);

const sourceSchema = z.object({
  projectId: tolerant(pathId("a project id").optional()),
  sourceType: tolerant(sourceTypeSchema),
  prefix: tolerant(prefixSchema.optional()),
  accessMethod: tolerant(oneOf(ACCESS_METHODS).optional()),
  description: tolerant(descriptionSchema.optional()),
  jobInputs: tolerant(
    z.record(z.string(), z.unknown(), {
      error: (issue) =>
        issue.input === undefined
          ? "is required (the source's credentials and settings)"
          : "must be an object",
    }),
  ),
  schemas: tolerant(
    z
      .array(tolerant(tableSchema), { error: "must be a list of tables" })
      .min(1, { error: "must declare at least one table (omit schemas to let PostHog enable every table)" })
      .optional(),
  ),
  existingSourceId: tolerant(pathId("a source id").optional()),
});

const schemaResourceSchema = z.object({
  projectId: tolerant(pathId("a project id").optional()),
  sourceId: tolerant(pathId("a source id")),
  name: tolerant(nonEmptyString("a table name")),
  ...settingsShape,
  deleteDataOnDestroy: tolerant(bool().optional()),
});

const webhookSchema = z.object({
  projectId: tolerant(pathId("a project id").optional()),
  sourceId: tolerant(pathId("a source id")),
});

/** A value that is set and known. */
function known(value: unknown): boolean {
  return value !== undefined && !isUnknown(value);
}

/** Cross-field rules of one table; `path` prefixes the properties. */
function tableRuleFailures(
  table: Record<string, unknown>,
  path: string,
  options: { sourceType?: unknown },
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const at = (field: string): string => (path ? `${path}.${field}` : field);
  const syncType = table.syncType;
  const enabled = table.shouldSync !== false;
  if (
    enabled &&
    typeof syncType === "string" &&
    (SYNC_TYPES_NEEDING_INCREMENTAL_FIELD as readonly string[]).includes(syncType)
  ) {
    if (table.incrementalField === undefined) {
      failures.push({
        property: at("incrementalField"),
        reason: `is required when syncType is "${syncType}" (the column to sync on)`,
      });
    }
  }
  if (syncType === "cdc" && table.primaryKeyColumns === undefined) {
    failures.push({
      property: at("primaryKeyColumns"),
      reason: 'is required when syncType is "cdc" (CDC requires a primary key)',
    });
  }
  // Settings PostHog does not store for the declared sync type would never read back (endless diff).
  if (typeof syncType === "string" && (SYNC_TYPES as readonly string[]).includes(syncType)) {
    const only = (field: string, types: readonly string[]): void => {
      if (table[field] !== undefined && !types.includes(syncType)) {
        failures.push({
          property: at(field),
          reason: `applies only to syncType ${types.map((t) => `"${t}"`).join(", ")}, not "${syncType}"`,
        });
      }
    };
    only("incrementalField", SYNC_TYPES_WITH_INCREMENTAL_FIELD);
    only("incrementalFieldType", SYNC_TYPES_WITH_INCREMENTAL_FIELD);
    only("primaryKeyColumns", SYNC_TYPES_WITH_PRIMARY_KEY);
    if (table.cdcTableMode !== undefined && table.cdcTableMode !== "consolidated")
      only("cdcTableMode", ["cdc"]);
  }
  if (
    syncType === "xmin" &&
    known(options.sourceType) &&
    !XMIN_SOURCE_TYPES.includes(String(options.sourceType))
  ) {
    failures.push({
      property: at("syncType"),
      reason: `"xmin" is only available for ${XMIN_SOURCE_TYPES.join(", ")} sources`,
    });
  }
  return failures;
}

function zodFailures(schema: z.ZodType, value: unknown): CheckFailure[] {
  const result = schema.safeParse(value);
  return result.success ? [] : toFailures(result.error);
}

function projectFailure(projectId: unknown, options: CheckOptions): CheckFailure[] {
  if (projectId !== undefined || options.defaultProjectId) return [];
  return [
    {
      property: "projectId",
      reason: "is required: set projectId, or the posthog:projectId config (POSTHOG_PROJECT_ID)",
    },
  ];
}

/** The declared settings of a table with shouldSync defaulted to true (unknowns kept). */
function normalizeTable(raw: Record<string, unknown>): DeclaredTable {
  const out: Record<string, unknown> = { name: raw.name };
  for (const name of SETTING_NAMES) if (raw[name] !== undefined) out[name] = raw[name];
  if (out.shouldSync === undefined) out.shouldSync = true;
  return out as unknown as DeclaredTable;
}

/** Validates and normalizes ExternalDataSource inputs. */
export function checkSourceInputs(
  news: Record<string, unknown>,
  options: CheckOptions = {},
): CheckResult<SourceInputs> {
  const failures = [
    ...zodFailures(sourceSchema, news),
    ...prefixRuleFailures(news),
    ...projectFailure(news.projectId, options),
  ];
  const notes: string[] = [];
  const jobInputs = news.jobInputs;
  if (
    !options.jobInputsUnchanged &&
    known(news.sourceType) &&
    typeof news.sourceType === "string" &&
    jobInputs !== null &&
    typeof jobInputs === "object" &&
    !Array.isArray(jobInputs)
  ) {
    const definition = options.definitions?.get(news.sourceType);
    if (definition) {
      failures.push(
        ...jobInputsFailures(definition, jobInputs as Record<string, unknown>, {
          requireFields: news.existingSourceId === undefined,
        }),
      );
    } else {
      notes.push(
        `jobInputs of ${news.sourceType} sources are not validated at preview (no field definitions for ` +
          "this type): PostHog checks them at create",
      );
    }
  }
  if (Array.isArray(news.schemas)) {
    const seen = new Set<string>();
    news.schemas.forEach((table, i) => {
      if (table === null || typeof table !== "object" || Array.isArray(table)) return;
      const t = table as Record<string, unknown>;
      failures.push(...tableRuleFailures(t, `schemas[${i}]`, { sourceType: news.sourceType }));
      if (typeof t.name === "string" && known(t.name)) {
        if (seen.has(t.name))
          failures.push({
            property: `schemas[${i}].name`,
            reason: `"${t.name}" is declared twice; declare each table once`,
          });
        seen.add(t.name);
      }
    });
  }
  if (failures.length > 0) return { inputs: news as unknown as SourceInputs, failures, notes };

  const inputs: Record<string, unknown> = {
    projectId: news.projectId ?? options.defaultProjectId,
    sourceType: news.sourceType,
    prefix: news.prefix === "" ? undefined : news.prefix,
    // An adopted source keeps whatever access method it has unless one is declared.
    accessMethod:
      (news.accessMethod as AccessMethod | undefined) ??
      (news.existingSourceId === undefined ? DEFAULT_ACCESS_METHOD : undefined),
    description: news.description,
    jobInputs: news.jobInputs,
    schemas: Array.isArray(news.schemas)
      ? news.schemas.map((t) => (isUnknown(t) ? t : normalizeTable(asRecord(t))))
      : news.schemas,
    existingSourceId: news.existingSourceId,
  };
  return { inputs: withoutUndefined(inputs) as unknown as SourceInputs, failures: [], notes };
}

/** Validates and normalizes ExternalDataSchema inputs. */
export function checkSchemaInputs(
  news: Record<string, unknown>,
  options: CheckOptions = {},
): CheckResult<SchemaInputs> {
  const failures = [
    ...zodFailures(schemaResourceSchema, news),
    ...projectFailure(news.projectId, options),
    ...tableRuleFailures(news, "", {}),
  ];
  if (failures.length > 0) return { inputs: news as unknown as SchemaInputs, failures };
  const inputs: Record<string, unknown> = {
    projectId: news.projectId ?? options.defaultProjectId,
    sourceId: news.sourceId,
    name: news.name,
    ...pickSettings(news),
    shouldSync: news.shouldSync ?? true,
    syncTriggers: news.syncTriggers,
    resyncTriggers: news.resyncTriggers,
    deleteDataOnDestroy: news.deleteDataOnDestroy ?? false,
  };
  return { inputs: withoutUndefined(inputs) as unknown as SchemaInputs, failures: [] };
}

/** Validates and normalizes SourceWebhook inputs. */
export function checkWebhookInputs(
  news: Record<string, unknown>,
  options: CheckOptions = {},
): CheckResult<{ projectId: string; sourceId: string }> {
  const failures = [...zodFailures(webhookSchema, news), ...projectFailure(news.projectId, options)];
  const inputs = { projectId: news.projectId ?? options.defaultProjectId, sourceId: news.sourceId };
  return failures.length > 0
    ? { inputs: news as unknown as { projectId: string; sourceId: string }, failures }
    : { inputs: inputs as { projectId: string; sourceId: string }, failures: [] };
}

function pickSettings(raw: Record<string, unknown>): TableSettings {
  const out: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) if (raw[name] !== undefined) out[name] = raw[name];
  return out as TableSettings;
}
