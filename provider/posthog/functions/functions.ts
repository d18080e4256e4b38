/**
 * Read functions of the PostHog warehouse, run in the Pulumi program (also during preview) with
 * the same configuration as the resources: `posthog:*` stack config, then environment.
 */
import * as pulumi from "@pulumi/pulumi";
import { useProgramConfig } from "../../program-config";
import { posthogClient } from "../api/connection";
import { isNotFound, type PosthogClient } from "../api/client";
import {
  incrementalFieldsResult,
  jobResult,
  sourceResult,
  type ExternalDataSourceResult,
  type IncrementalFieldResult,
  type SourceJobResult,
} from "./results";

export type {
  ExternalDataSourceResult,
  IncrementalFieldResult,
  SourceJobResult,
  SourceTableResult,
} from "./results";

/** A client of the program's configured PostHog (project `projectId` or the configured one). */
function programClient(projectId: string | undefined): PosthogClient {
  useProgramConfig();
  return posthogClient(projectId);
}

/** Arguments of getExternalDataSource. */
export interface GetExternalDataSourceArgs {
  /** The project (default: `posthog:projectId`, then `POSTHOG_PROJECT_ID`). */
  projectId?: string;
  /** The source id. */
  id: string;
}

/** Arguments of getExternalDataSourceOutput. */
export interface GetExternalDataSourceOutputArgs {
  /** The project (default: `posthog:projectId`, then `POSTHOG_PROJECT_ID`). */
  projectId?: pulumi.Input<string>;
  /** The source id. */
  id: pulumi.Input<string>;
}

/**
 * Reads one PostHog source with its tables and their settings (runs in the program, also at
 * preview; credentials from `posthog:apiKey` / `POSTHOG_API_KEY`).
 *
 * @param args the source `id` and optionally its `projectId`
 * @returns the source, its tables and their settings; rejects when PostHog does not know the id
 * @example
 * ```ts
 * const source = await posthog.getExternalDataSource({ id: "0190b6a4-..." });
 * ```
 */
export async function getExternalDataSource(
  args: GetExternalDataSourceArgs,
): Promise<ExternalDataSourceResult> {
  const client = programClient(args.projectId);
  try {
    return sourceResult(await client.getSource(args.id));
  } catch (error) {
    if (isNotFound(error)) {
      throw new Error(
        `getExternalDataSource: source "${args.id}" not found in PostHog project ${client.projectId}`,
      );
    }
    throw error;
  }
}

/**
 * {@link getExternalDataSource} with Input arguments and an Output result.
 *
 * @param args the source `id` and optionally its `projectId` (Inputs)
 * @returns the source as an Output
 * @example
 * ```ts
 * const tables = posthog.getExternalDataSourceOutput({ id: stripe.id }).apply((s) => s.schemas);
 * ```
 */
export function getExternalDataSourceOutput(
  args: GetExternalDataSourceOutputArgs,
): pulumi.Output<ExternalDataSourceResult> {
  return pulumi.output(args).apply((a) => getExternalDataSource({ projectId: a.projectId, id: a.id }));
}

/** Arguments of listExternalDataSources. */
export interface ListExternalDataSourcesArgs {
  /** The project (default: `posthog:projectId`, then `POSTHOG_PROJECT_ID`). */
  projectId?: string;
  /** Only sources whose type or prefix matches. */
  search?: string;
}

/** Arguments of listExternalDataSourcesOutput. */
export interface ListExternalDataSourcesOutputArgs {
  /** The project (default: `posthog:projectId`, then `POSTHOG_PROJECT_ID`). */
  projectId?: pulumi.Input<string>;
  /** Only sources whose type or prefix matches. */
  search?: pulumi.Input<string>;
}

/** The result of listExternalDataSources. */
export interface ListExternalDataSourcesResult {
  /** Every matching source, newest first (all pages; tables without their settings). */
  sources: ExternalDataSourceResult[];
}

/**
 * Lists the sources of a PostHog project (every page).
 *
 * @param args optionally the `projectId` (default: the configured project) and a `search` text
 * @returns every source of the project
 * @example
 * ```ts
 * const { sources } = await posthog.listExternalDataSources({});
 * ```
 */
export async function listExternalDataSources(
  args: ListExternalDataSourcesArgs = {},
): Promise<ListExternalDataSourcesResult> {
  const sources = await programClient(args.projectId).listSources(args.search);
  return { sources: sources.map(sourceResult) };
}

/**
 * {@link listExternalDataSources} with Input arguments and an Output result.
 *
 * @param args optionally the `projectId` (Input)
 * @returns every source of the project, as an Output
 * @example
 * ```ts
 * export const sourceCount = posthog.listExternalDataSourcesOutput({}).apply((r) => r.sources.length);
 * ```
 */
export function listExternalDataSourcesOutput(
  args: ListExternalDataSourcesOutputArgs = {},
): pulumi.Output<ListExternalDataSourcesResult> {
  return pulumi
    .output(args)
    .apply((a) => listExternalDataSources({ projectId: a.projectId, search: a.search }));
}

/** Arguments of getSourceJobs. */
export interface GetSourceJobsArgs {
  /** The project (default: `posthog:projectId`, then `POSTHOG_PROJECT_ID`). */
  projectId?: string;
  /** The source id. */
  sourceId: string;
  /** Only jobs created after this time (ISO 8601). */
  after?: string;
  /** Only jobs created before this time (ISO 8601). */
  before?: string;
  /** Only jobs of these tables (names). */
  schemas?: string[];
}

/** Arguments of getSourceJobsOutput. */
export interface GetSourceJobsOutputArgs {
  /** The project (default: `posthog:projectId`, then `POSTHOG_PROJECT_ID`). */
  projectId?: pulumi.Input<string>;
  /** The source id. */
  sourceId: pulumi.Input<string>;
  /** Only jobs created after this time (ISO 8601). */
  after?: pulumi.Input<string>;
  /** Only jobs created before this time (ISO 8601). */
  before?: pulumi.Input<string>;
  /** Only jobs of these tables (names). */
  schemas?: pulumi.Input<pulumi.Input<string>[]>;
}

/** The result of getSourceJobs. */
export interface GetSourceJobsResult {
  /** The jobs, newest first (PostHog returns at most 50). */
  jobs: SourceJobResult[];
}

/**
 * Reads a source's recent sync jobs.
 *
 * @param args the source (`sourceId`), optionally `projectId` and filters
 * @returns the jobs, newest first
 * @example
 * ```ts
 * const { jobs } = await posthog.getSourceJobs({ sourceId: "0190b6a4-..." });
 * ```
 */
export async function getSourceJobs(args: GetSourceJobsArgs): Promise<GetSourceJobsResult> {
  // PostHog answers 400 to a time it cannot parse: say which argument, before asking.
  for (const [name, value] of [
    ["after", args.after],
    ["before", args.before],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      throw new Error(
        `getSourceJobs: ${name} ${JSON.stringify(value)} is not an ISO 8601 time, e.g. "2026-01-31T00:00:00Z"`,
      );
    }
  }
  const jobs = await programClient(args.projectId).listJobs(args.sourceId, {
    after: args.after,
    before: args.before,
    schemas: args.schemas,
  });
  return { jobs: jobs.map(jobResult) };
}

/**
 * {@link getSourceJobs} with Input arguments and an Output result.
 *
 * @param args the source (`sourceId`), optionally `projectId` and filters (Inputs)
 * @returns the jobs as an Output
 * @example
 * ```ts
 * export const jobs = posthog.getSourceJobsOutput({ sourceId: stripe.id });
 * ```
 */
export function getSourceJobsOutput(args: GetSourceJobsOutputArgs): pulumi.Output<GetSourceJobsResult> {
  return pulumi.output(args).apply((a) =>
    getSourceJobs({
      projectId: a.projectId,
      sourceId: a.sourceId,
      after: a.after,
      before: a.before,
      schemas: a.schemas,
    }),
  );
}

/** Arguments of getIncrementalFields. */
export interface GetIncrementalFieldsArgs {
  /** The project (default: `posthog:projectId`, then `POSTHOG_PROJECT_ID`). */
  projectId?: string;
  /** The schema (table) id, e.g. from `ExternalDataSource.schemaIds`. */
  schemaId: string;
}

/** Arguments of getIncrementalFieldsOutput. */
export interface GetIncrementalFieldsOutputArgs {
  /** The project (default: `posthog:projectId`, then `POSTHOG_PROJECT_ID`). */
  projectId?: pulumi.Input<string>;
  /** The schema (table) id, e.g. from `ExternalDataSource.schemaIds`. */
  schemaId: pulumi.Input<string>;
}

/** The result of getIncrementalFields. */
export interface GetIncrementalFieldsResult {
  /** The columns the table can sync incrementally on. */
  incrementalFields: IncrementalFieldResult[];
  /** Whether incremental sync is available. */
  incrementalAvailable?: boolean;
  /** Whether append sync is available. */
  appendAvailable?: boolean;
  /** Whether full refresh is available. */
  fullRefreshAvailable?: boolean;
}

/**
 * Lists the columns a table can sync incrementally on, with their types (what
 * `incrementalField` / `incrementalFieldType` accept).
 *
 * @param args the table's schema id (`schemaId`, e.g. from `ExternalDataSource.schemaIds`) and
 *   optionally `projectId`
 * @returns the candidate fields and their types
 * @example
 * ```ts
 * const { incrementalFields } = await posthog.getIncrementalFields({ schemaId: "0190b6a5-..." });
 * ```
 */
export async function getIncrementalFields(
  args: GetIncrementalFieldsArgs,
): Promise<GetIncrementalFieldsResult> {
  return incrementalFieldsResult(await programClient(args.projectId).incrementalFields(args.schemaId));
}

/**
 * {@link getIncrementalFields} with Input arguments and an Output result.
 *
 * @param args the table's schema id (`schemaId`) and optionally `projectId` (Inputs)
 * @returns the candidate fields as an Output
 * @example
 * ```ts
 * const customerId = stripe.schemaIds.apply((ids) => ids["Customer"]);
 * export const fields = posthog.getIncrementalFieldsOutput({ schemaId: customerId });
 * ```
 */
export function getIncrementalFieldsOutput(
  args: GetIncrementalFieldsOutputArgs,
): pulumi.Output<GetIncrementalFieldsResult> {
  return pulumi
    .output(args)
    .apply((a) => getIncrementalFields({ projectId: a.projectId, schemaId: a.schemaId }));
}
