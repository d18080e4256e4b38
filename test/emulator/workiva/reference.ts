/**
 * Facts from Workiva's API reference that the emulator's answers must keep to: the field names of
 * every schema it answers with, the enum values, the envelopes. Read from the OpenAPI documents in
 * the GitHub repo DeloitteWorkiva/workiva-sdk: `oas/wdata.yaml` ("Wdata API" 1.0) and
 * `oas/platform.yaml` ("2026-01-01 Version of the Workiva API"). Facts only (names and values);
 * the emulator's own copy, never imported by the provider. reference.test.ts checks the answers.
 */

/** `sourceStatus` / `destinationStatus` enum of ConnectionRunDto and RefreshBatchDto (wdata.yaml). */
export const RUN_STATUS_VALUES = ["not_started", "running", "complete", "error", "cancelled"] as const;

/** `sourceType` / `destinationType` enum of ConnectionDto (wdata.yaml). */
export const CONNECTION_RECORD_TYPES = [
  "spreadsheet",
  "spreadsheet_section",
  "presentation",
  "presentation_chart",
  "presentation_embedded_table",
  "document",
  "document_chart",
  "document_embedded_table",
  "wdata_query",
  "wdata_shared_query",
  "wdata_table",
  "wdata_table_dataset",
  "report",
  "esg_program",
  "chart_visual",
  "unknown_record_type",
] as const;

/** `error` codes listed by IamError (platform.yaml). */
export const IAM_ERROR_CODES = [
  "invalid_request",
  "unauthorized_client",
  "access_denied",
  "unsupported_response_type",
  "invalid_scope",
  "server_error",
  "temporarily_unavailable",
] as const;

/** Property names of each schema the emulator answers with. None is marked required in the
 * Wdata DTOs; MultiError / SingleError require `body` and `code`; BearerToken requires all four. */
export const SCHEMA_FIELDS = {
  // wdata.yaml
  ConnectionRunDto: [
    "connectionId",
    "created",
    "createdBy",
    "destinationMetadata",
    "destinationParameters",
    "destinationStatus",
    "destinationWorkspaceId",
    "error",
    "jobId",
    "sourceMetadata",
    "sourceParameters",
    "sourceStatus",
    "sourceWorkspaceId",
    "updated",
    "workspaceId",
  ],
  RefreshBatchDto: [
    "batchRefreshId",
    "childRefreshes",
    "created",
    "createdBy",
    "destinationStatus",
    "error",
    "sourceStatus",
    "updated",
  ],
  ConnectionDto: [
    "connectionId",
    "created",
    "createdBy",
    "description",
    "destinationId",
    "destinationType",
    "destinationWorkspaceId",
    "lastRun",
    "lastRunBy",
    "lastRunDate",
    "lastRunDestinationParameters",
    "lastRunJobId",
    "lastRunSourceParameters",
    "metadata",
    "name",
    "sourceId",
    "sourceType",
    "sourceWorkspaceId",
    "updated",
    "workspaceId",
  ],
  /** BaseResponseConnectionDto, BaseResponseConnectionRunDto, BaseResponseRefreshBatchDto. */
  BaseResponse: ["body", "code"],
  PagedResponseConnectionDto: ["body", "code", "cursor"],
  SingleError: ["body", "code", "details"],
  MultiError: ["body", "code", "details"],
  BaseErrorResponseDetail: ["code", "message", "target"],
  // platform.yaml
  BearerToken: ["access_token", "expires_in", "scope", "token_type"],
  IamError: ["error", "error_description", "error_uri"],
  ErrorResponse: ["code", "details", "documentationUrl", "message", "target", "version"],
} as const;

/** Required properties (platform.yaml BearerToken; wdata.yaml MultiError, SingleError, BaseErrorResponseDetail). */
export const REQUIRED_FIELDS = {
  BearerToken: ["access_token", "expires_in", "scope", "token_type"],
  SingleError: ["body", "code"],
  MultiError: ["body", "code"],
  BaseErrorResponseDetail: ["code", "message"],
} as const;

/** HTTP statuses each connection operation lists (wdata.yaml: 200, 400, 401, 403, 404, 409, 423, 429, 500). */
export const WDATA_STATUSES = [200, 400, 401, 403, 404, 409, 423, 429, 500] as const;

/** Token endpoint statuses (platform.yaml `tokenRequest`: 200, 400, 401). */
export const TOKEN_STATUSES = [200, 400, 401] as const;
