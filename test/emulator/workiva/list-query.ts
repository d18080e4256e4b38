/** Query of GET /api/v1/connections: filters, limit, offset and the opaque cursor. */
import { CURSOR_PREFIX } from "./decisions";
import type { Parsed } from "./refresh-request";
import { RECORD_TYPES, type RecordType } from "./types";

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

/** Encode the offset of the next page as an opaque cursor. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`, "utf8").toString("base64url");
}

/** Decode a cursor made by encodeCursor, or undefined when it is not one. */
export function decodeCursor(cursor: string): number | undefined {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(CURSOR_PREFIX)) return undefined;
  const digits = text.slice(CURSOR_PREFIX.length);
  return /^\d+$/.test(digits) ? Number(digits) : undefined;
}

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
  const recordType = (name: string): RecordType | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    if ((RECORD_TYPES as readonly string[]).includes(value)) return value as RecordType;
    problems.push(`${name}: must be one of ${RECORD_TYPES.join(", ")}`);
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

  const sourceType = recordType("sourceType");
  const destinationType = recordType("destinationType");
  const sourceId = text("sourceId");
  const destinationId = text("destinationId");
  const limit = integer("limit", 1, MAX_LIST_LIMIT) ?? MAX_LIST_LIMIT;
  let offset = integer("offset", 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const cursor = text("cursor");
  if (cursor !== undefined) {
    const decoded = decodeCursor(cursor);
    if (decoded === undefined) problems.push("cursor: not a cursor returned by this endpoint");
    else offset = decoded;
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { sourceType, destinationType, sourceId, destinationId, limit, offset } };
}
