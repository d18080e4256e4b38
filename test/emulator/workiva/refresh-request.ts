/** Parsing of RefreshConnectionDto bodies (single refresh) and their arrays (batch refresh). */
import { z } from "zod";
import type { ParameterMap } from "./types";

/** Largest batch the API accepts (seed 000). */
export const MAX_BATCH_SIZE = 100;

const parameterMap = z.record(z.string(), z.unknown());

/** `RefreshConnectionDto`: every field optional; unknown fields ignored; null counts as absent. */
const refreshConnectionSchema = z.object({
  connectionId: z.string().min(1).nullish(),
  workspaceId: z.string().nullish(),
  sourceParameters: parameterMap.nullish(),
  destinationParameters: parameterMap.nullish(),
  usePreviousSourceParameters: z.boolean().nullish(),
  usePreviousDestinationParameters: z.boolean().nullish(),
});

/** A parsed RefreshConnectionDto with absent fields normalised. */
export interface RefreshRequest {
  connectionId?: string;
  workspaceId?: string;
  sourceParameters?: ParameterMap;
  destinationParameters?: ParameterMap;
  usePreviousSourceParameters: boolean;
  usePreviousDestinationParameters: boolean;
}

/** Outcome of parsing: the request(s), or the problems to list in a 400 multi-error. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Parse a single-refresh body. */
export function parseRefreshBody(body: unknown): Parsed<RefreshRequest> {
  const result = refreshConnectionSchema.safeParse(body);
  if (!result.success) return { ok: false, problems: describeIssues(result.error.issues, "") };
  return { ok: true, value: normalise(result.data) };
}

/** Parse a batch body: an array of 1..MAX_BATCH_SIZE dtos, each naming its connection, no id twice. */
export function parseBatchBody(body: unknown): Parsed<RefreshRequest[]> {
  if (!Array.isArray(body)) return { ok: false, problems: ["Body must be an array of RefreshConnectionDto"] };
  if (body.length === 0) return { ok: false, problems: ["At least 1 refresh is required"] };
  if (body.length > MAX_BATCH_SIZE) {
    return { ok: false, problems: [`At most ${MAX_BATCH_SIZE} refreshes per request (got ${body.length})`] };
  }
  const problems: string[] = [];
  const requests: RefreshRequest[] = [];
  body.forEach((item, index) => {
    const result = refreshConnectionSchema.safeParse(item);
    if (!result.success) {
      problems.push(...describeIssues(result.error.issues, `[${index}]`));
      return;
    }
    if (!result.data.connectionId) {
      problems.push(`[${index}].connectionId: required`);
      return;
    }
    requests.push(normalise(result.data));
  });
  problems.push(...duplicateProblems(requests));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: requests };
}

function duplicateProblems(requests: readonly RefreshRequest[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { connectionId } of requests) {
    if (connectionId === undefined) continue;
    if (seen.has(connectionId)) duplicates.add(connectionId);
    seen.add(connectionId);
  }
  return [...duplicates].map((id) => `Duplicate connectionId in batch: ${id}`);
}

function normalise(dto: z.infer<typeof refreshConnectionSchema>): RefreshRequest {
  return {
    connectionId: dto.connectionId ?? undefined,
    workspaceId: dto.workspaceId ?? undefined,
    sourceParameters: dto.sourceParameters ?? undefined,
    destinationParameters: dto.destinationParameters ?? undefined,
    usePreviousSourceParameters: dto.usePreviousSourceParameters ?? false,
    usePreviousDestinationParameters: dto.usePreviousDestinationParameters ?? false,
  };
}

function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: string): string[] {
  return issues.map((issue) => {
    const path = issue.path
      .map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`))
      .join("");
    const where = `${prefix}${path}`.replace(/^\./, "");
    return where ? `${where}: ${issue.message}` : issue.message;
  });
}
