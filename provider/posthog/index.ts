/**
 * PostHog data warehouse: `ExternalDataSource` (a source, its credentials and table settings),
 * `ExternalDataSchema` (one table's settings and sync triggers), `SourceWebhook`, and the read
 * functions `getExternalDataSource`, `listExternalDataSources`, `getSourceJobs`,
 * `getIncrementalFields` (each with an `...Output` form).
 */
export {
  ExternalDataSource,
  type ExternalDataSourceArgs,
  type ExternalDataSourceSchemaArgs,
  type SourceTable,
  type TableSettings,
  type AccessMethod,
  type CdcTableMode,
  type IncrementalFieldType,
  type SyncFrequency,
  type SyncType,
} from "./source/external-data-source";
export { ExternalDataSchema, type ExternalDataSchemaArgs } from "./schema/external-data-schema";
export { SourceWebhook, type SourceWebhookArgs } from "./webhook/source-webhook";
export {
  getExternalDataSource,
  getExternalDataSourceOutput,
  listExternalDataSources,
  listExternalDataSourcesOutput,
  getSourceJobs,
  getSourceJobsOutput,
  getIncrementalFields,
  getIncrementalFieldsOutput,
  type GetExternalDataSourceArgs,
  type GetExternalDataSourceOutputArgs,
  type ListExternalDataSourcesArgs,
  type ListExternalDataSourcesOutputArgs,
  type ListExternalDataSourcesResult,
  type GetSourceJobsArgs,
  type GetSourceJobsOutputArgs,
  type GetSourceJobsResult,
  type GetIncrementalFieldsArgs,
  type GetIncrementalFieldsOutputArgs,
  type GetIncrementalFieldsResult,
  type ExternalDataSourceResult,
  type IncrementalFieldResult,
  type SourceJobResult,
  type SourceTableResult,
} from "./functions/functions";
export type { SettingName } from "./schema/settings";
