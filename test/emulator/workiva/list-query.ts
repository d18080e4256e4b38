/** Query of GET /api/v1/connections: filters, limit, offset and the opaque cursor. */
import { CURSOR_PREFIX } from "./decisions";
import type { Parsed } from "./refresh-request";
import type { RecordType } from "./types";

/** Largest and default page size. */
export const MAX_LIST_LIMIT = 1000;

/** A validated list query. */
export interface ListQuery {
  sourceType?: RecordType;
  destinationType?: RecordType;
  sourceId?: string;
  destinationId?: string;
  limit: number;
  offset: number;
}

/** Encode the offset and page size of the next page as an opaque cursor. */
export function encodeCursor(offset: number, limit: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}:${limit}`, "utf8").toString("base64url");
}

/** Decode a cursor made by encodeCursor, or undefined when it is not one. */
export function decodeCursor(cursor: string): { offset: number; limit: number } | undefined {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(CURSOR_PREFIX)) return undefined;
  const match = /^(\d+):(\d+)$/.exec(text.slice(CURSOR_PREFIX.length));
  return match ? { offset: Number(match[1]), limit: Number(match[2]) } : undefined;
}

/** The `sourceType` filter values of `listConnections` (narrower than ConnectionDto's enum). */
export const LIST_SOURCE_TYPES = [
  "document",
  "document_chart",
  "document_embedded_table",
  "esg_program",
  "presentation",
  "presentation_chart",
  "presentation_embedded_table",
  "report",
  "spreadsheet",
  "spreadsheet_section",
  "wdata_query",
  "wdata_table",
  "wdata_table_dataset",
] as const;
/** The `destinationType` filter values of `listConnections`. */
export const LIST_DESTINATION_TYPES = LIST_SOURCE_TYPES.filter((type) => type !== "esg_program");

/** Validate the raw query string values. */
export function parseListQuery(query: Record<string, unknown>): Parsed<ListQuery> {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== "string") {
      problems.push(`${name}: must be given once`);
      return undefined;
    }
    return value;
  };
  const recordType = (name: string, allowed: readonly string[]): RecordType | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    if (allowed.includes(value)) return value as RecordType;
    problems.push(`${name}: must be one of ${allowed.join(", ")}`);
    return undefined;
  };
  const integer = (name: string, min: number, max: number): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const number = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(number >= min && number <= max)) {
      problems.push(`${name}: must be an integer between ${min} and ${max}`);
      return undefined;
    }
    return number;
  };

  const sourceType = recordType("sourceType", LIST_SOURCE_TYPES);
  const destinationType = recordType("destinationType", LIST_DESTINATION_TYPES);
  const sourceId = text("sourceId");
  const destinationId = text("destinationId");
  // "When filtering by source or destination, the corresponding ID is required."
  if (sourceType !== undefined && sourceId === undefined) problems.push("sourceId: required with sourceType");
  if (destinationType !== undefined && destinationId === undefined) {
    problems.push("destinationId: required with destinationType");
  }
  let limit = integer("limit", 1, MAX_LIST_LIMIT) ?? MAX_LIST_LIMIT;
  let offset = integer("offset", 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const cursor = text("cursor");
  if (cursor !== undefined) {
    // "A paging cursor; if included, `limit` is ignored": the cursor carries the page size.
    const decoded = decodeCursor(cursor);
    if (decoded === undefined) problems.push("cursor: not a cursor returned by this endpoint");
    else ({ offset, limit } = decoded);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { sourceType, destinationType, sourceId, destinationId, limit, offset } };
}
