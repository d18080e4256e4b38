/** DRF LimitOffsetPagination: `{count, next, previous, results}` with absolute page URLs. */
import type { FastifyRequest } from "fastify";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./policy";
import { baseUrl } from "./route";

/** One page of a list endpoint. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function nonNegativeInt(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/** Slices `items` by the request's `limit`/`offset` (invalid values fall back, as in DRF). */
export function paginate<T>(
  items: T[],
  query: Record<string, string | string[] | undefined>,
  request: FastifyRequest,
): Page<T> {
  const requestedLimit = nonNegativeInt(firstValue(query.limit));
  const limit = Math.min(
    requestedLimit && requestedLimit > 0 ? requestedLimit : DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
  );
  const offset = nonNegativeInt(firstValue(query.offset)) ?? 0;
  const url = new URL(request.url, baseUrl(request));
  const pageUrl = (newOffset: number | null): string => {
    const target = new URL(url);
    target.searchParams.set("limit", String(limit));
    if (newOffset === null) target.searchParams.delete("offset");
    else target.searchParams.set("offset", String(newOffset));
    return target.toString();
  };
  return {
    count: items.length,
    next: offset + limit < items.length ? pageUrl(offset + limit) : null,
    previous: offset <= 0 ? null : pageUrl(offset - limit <= 0 ? null : offset - limit),
    results: items.slice(offset, offset + limit),
  };
}

/** The `search` query parameter, or undefined when empty. */
export function searchTerm(query: Record<string, string | string[] | undefined>): string | undefined {
  const term = firstValue(query.search)?.trim();
  return term ? term.toLowerCase() : undefined;
}
