/**
 * Every point the Workiva contract leaves "not confirmed", decided once for the emulator.
 * The provider and its tests may rely on these; change them here and nowhere else.
 */

import { errorAnswer, invalidRequest, type WdataAnswer } from "./envelope";

/** Workspace carried by every token the emulator issues (grants are per workspace). A
 * `workspaceId` query/body value is accepted and ignored: the token decides. */
export const EMULATOR_WORKSPACE_ID = "ws-emulator";

/**
 * Refreshing a connection that already has an unfinished run (single endpoint, or any child
 * of a batch): 409, `{"code":409,"body":"Connection <id> is already running"}` by default.
 * Nothing is started; for a batch, no child is started. The reference lists both 409
 * ("Collision") and 423 ("Locked") on both refresh operations with no stated meaning, so the
 * status is a switch (`setAlreadyRunningStatus`): the provider must read both as "already running".
 */
export const ALREADY_RUNNING_STATUS = 409;
/** The statuses `setAlreadyRunningStatus` accepts. */
export const ALREADY_RUNNING_STATUSES = [409, 423] as const;

/** The record type a batch is built around (`refreshBatch`: "within the same spreadsheet"; a
 * workbook is a spreadsheet). */
export const BATCH_RECORD_TYPE = "spreadsheet";

/**
 * A batch the reference says the batch endpoint does not take (connections that are not all
 * incoming connections of one spreadsheet, nor all outgoing connections of one workbook) is
 * refused as a whole, nothing started. What Workiva answers is not documented: by default 400
 * MultiError `{"code":400,"body":["Invalid request","A batch refreshes ..."]}`; the status is a
 * switch (`setBatchRefusalStatus`: 400 or 409, the statuses `refreshBatch` lists that fit; 409 as a
 * SingleError `{"code":409,"body":"A batch refreshes ..."}`). A 422, which the reference does not
 * list, is left to fault rules in the provider's tests.
 */
export const BATCH_REFUSAL_STATUS = 400;
/** The statuses `setBatchRefusalStatus` accepts. */
export const BATCH_REFUSAL_STATUSES = [400, 409] as const;

/** The answer refusing a batch with `status` and `problem`. */
export function batchRefusal(status: number, problem: string): WdataAnswer {
  return status === 400 ? invalidRequest([problem]) : errorAnswer(status, problem);
}

/** Body text of the already-running answer. */
export function alreadyRunningMessage(connectionIds: readonly string[]): string {
  return connectionIds.length === 1
    ? `Connection ${connectionIds[0]} is already running`
    : `Connections ${connectionIds.join(", ")} are already running`;
}

/**
 * Unknown connection ids in a batch: 404 `{"code":404,"body":"Not found","details":[...]}` with
 * one detail per unknown id (`{code:"not_found", message, target:<id>}`), like the single
 * endpoints' 404. Nothing is started.
 */
export const BATCH_UNKNOWN_CONNECTION_STATUS = 404;

/**
 * Unwritable destinations are detected when the job is initiated, so the run is terminal at
 * once (the contract: `error` is "set when initiating the job failed").
 * - batch with `cancelUnwritables=true`: that child reads `cancelled`/`cancelled`, the rest go on;
 * - batch without it, or the single endpoint: that child reads `error`/`error`; the rest of the
 *   batch still goes on (the docs hint the whole batch may be cancelled; we keep it per child).
 */
export const UNWRITABLE_CANCELLED_MESSAGE =
  "Destination is not writable; refresh cancelled (cancelUnwritables)";
/** Error text of an unwritable run without `cancelUnwritables`. */
export const UNWRITABLE_ERROR_MESSAGE = "Destination is not writable";

/**
 * A run told to fail (`failConnection`) progresses like any run and ends with BOTH statuses
 * `error` (never leaving one side non-terminal) and the given message as `error`.
 */
export const FAILED_RUN_STATUS = "error";

/**
 * `usePreviousSourceParameters` / `usePreviousDestinationParameters` apply on the batch endpoint
 * too (the `refreshBatch` operation's description says so; the `RefreshConnectionDto` schema says
 * they are "ignored by Refresh batch of connections": the reference contradicts itself). They
 * override explicit parameters; with no previous run they yield `{}`. (The provider never sends
 * them, nor parameters, in a batch.)
 */
export const BATCH_HONOURS_USE_PREVIOUS = true;

/** GET .../{id}/status without `jobId` answers the connection's latest run (404 if none). */
export const STATUS_WITHOUT_JOB_ID_MEANS_LATEST = true;

/**
 * List pagination: `cursor` is opaque (base64url of the next offset and the page size: `limit` is
 * ignored when a cursor is given, as the reference says) and takes precedence over `offset`. The
 * client resends the same filters with it. An undecodable cursor is a 400. On the last page the
 * reference's `PagedResponseConnectionDto.cursor` (a plain, non-nullable string) is left out by
 * default; `setLastPageCursor` makes it `null` or `""` instead (all three are plausible).
 */
export const CURSOR_PREFIX = "o:";

/** The last page's `cursor` for each form (undefined: left out). */
export const LAST_PAGE_CURSOR: Readonly<Record<"absent" | "null" | "empty", string | null | undefined>> = {
  absent: undefined,
  null: null,
  empty: "",
};

/**
 * Wdata calls without a valid bearer token (missing, unknown, expired, or invalidated by
 * `expireTokens`): 401 `{"code":401,"body":"Unauthorized"}` with
 * `WWW-Authenticate: Bearer error="invalid_token"`.
 */
export const UNAUTHORIZED_MESSAGE = "Unauthorized";

/**
 * Token endpoint error codes (only the reference's `IamError` list is used):
 * - body of a type the endpoint does not take (JSON on `/oauth2/token`, XML anywhere), missing
 *   `grant_type`, credentials missing or given twice (form fields and Basic header, RFC 6749
 *   2.3.1), malformed Basic header: 400 `invalid_request`;
 * - a `grant_type` other than `client_credentials`: 400 UNSUPPORTED_GRANT_ERROR;
 * - unknown client id or wrong secret: 401 `unauthorized_client`.
 */
export const TOKEN_ERROR_URI = "https://developers.workiva.com/workiva-iam/reference/iam-tokenrequest";

/**
 * The error code of a `grant_type` other than `client_credentials`. RFC 6749's
 * `unsupported_grant_type` is not in the reference's `IamError` list; its nearest entry,
 * `unsupported_response_type` ("does not support obtaining an authorization code using this
 * method"), is the one the emulator answers.
 */
export const UNSUPPORTED_GRANT_ERROR = "unsupported_response_type";

/**
 * API versions (`X-Version`) the token endpoints answer to, and what each serves. A request
 * without the header is served by DEFAULT_API_VERSION (documented). `/iam/v1/oauth2/token` is
 * served by 2022-01-01 only (form or JSON body); `/oauth2/token` by 2026-01-01 only (form body).
 * A path the version does not have answers 404 in the platform's `ErrorResponse` shape
 * (`{code:"404NotFound", message}`); an unknown version answers 400 `{code:"400BadRequest",
 * message}` (both choices: the reference does not say).
 */
export const DEFAULT_API_VERSION = "2022-01-01";
/** Token paths of each version, and whether the path also takes a JSON body. */
export const TOKEN_PATHS_BY_VERSION: Readonly<Record<string, Readonly<Record<string, { json: boolean }>>>> = {
  "2022-01-01": { "/iam/v1/oauth2/token": { json: true } },
  "2026-01-01": { "/oauth2/token": { json: false } },
};

/** `scope` reported by the token endpoint when the request names none. */
export const DEFAULT_TOKEN_SCOPE = "wdata";

/**
 * The single refresh requires a JSON object body (`{}` at least), as the API marks the body
 * required: a missing body is a 400 multi-error.
 *
 * Request bodies that fastify cannot parse (malformed JSON, wrong content type) on Wdata routes
 * answer the 400 multi-error envelope. Unknown fields in a RefreshConnectionDto are ignored;
 * `null` counts as absent.
 */
export const MALFORMED_BODY_MESSAGE = "Request body could not be parsed";
