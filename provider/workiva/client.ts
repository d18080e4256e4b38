/**
 * The typed Workiva Wdata connection client: the six calls the provider makes, each through the
 * shared HttpClient (retries, rate limit, token via the auth hook, ApiError), with the `{body,
 * code}` envelope unwrapped and the fields the provider relies on checked.
 */
import { z } from "zod";
import { ApiError, type HttpClient } from "../http";
import type {
  ConnectionDto,
  ConnectionRunDto,
  RefreshBatchDto,
  RefreshConnectionDto,
  RunStatus,
} from "./api-types";

/** Connection endpoints, relative to the prep base (`.../s/wdata/prep`). */
export const CONNECTIONS_PATH = "/api/v1/connections";

/** Largest (and the API's default) page size of the connection list. */
export const MAX_PAGE_SIZE = 1000;

/** One page of the connection list. */
export interface ConnectionPage {
  /** The connections of this page (items without a `connectionId` are left out). */
  connections: ConnectionDto[];
  /** Cursor of the next page; null on the last one. */
  cursor: string | null;
}

/** Options of a list call. */
export interface ListConnectionsOptions {
  /** Page size, 1..1000 (default 1000). */
  limit?: number;
  /** Cursor from the previous page. */
  cursor?: string | null;
  /** Filter: destination record id. */
  destinationId?: string;
}

// No field of the reference's DTOs is marked required (`oas/wdata.yaml`: ConnectionRunDto,
// RefreshBatchDto, ConnectionDto, PagedResponseConnectionDto): every field may be absent or null
// and is read as absent. Statuses are kept as sent: a value the reference does not list counts as
// not terminal. A field of an unexpected type reads as absent too, except the ids the provider
// cannot do without where it needs them (checked by the callers).
const text = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === "string" && value !== "" ? value : undefined));
const status = text.transform((value) => value as RunStatus | undefined).optional();
const runSchema = z.looseObject({
  connectionId: text,
  jobId: text,
  sourceStatus: status,
  destinationStatus: status,
  error: text,
  created: text,
  updated: text,
});
const batchSchema = z.looseObject({
  batchRefreshId: text,
  childRefreshes: z
    .array(z.unknown())
    .nullish()
    .transform((children) =>
      (children ?? []).flatMap((child) => {
        const parsed = runSchema.safeParse(child);
        return parsed.success ? [parsed.data] : [];
      }),
    ),
  sourceStatus: status,
  destinationStatus: status,
  error: text,
});
// A latest run of another shape reads as none rather than failing the details.
const lastRunSchema = runSchema.nullish().catch(null);
const connectionSchema = z.looseObject({
  connectionId: text,
  destinationId: text,
  destinationType: text,
  sourceId: text,
  sourceType: text,
  lastRunJobId: text,
  lastRunDate: text,
  lastRun: lastRunSchema,
});
// The list is read item by item (see listConnections): one odd connection never fails the page.
// The last page's `cursor` may be null, absent or empty: all three read as "no next page".
const listSchema = z.looseObject({ body: z.array(z.unknown()).nullish(), cursor: text });

/** The Wdata connection API. */
export class WorkivaClient {
  /** @param http an HttpClient for the `workiva` service whose base URL is the prep base. */
  constructor(private readonly http: HttpClient) {}

  /** GET /api/v1/connections: one page. */
  async listConnections(options: ListConnectionsOptions = {}): Promise<ConnectionPage> {
    const path = CONNECTIONS_PATH;
    const res = await this.http.request<unknown>({
      method: "GET",
      path,
      query: {
        limit: options.limit ?? MAX_PAGE_SIZE,
        cursor: options.cursor,
        destinationId: options.destinationId,
      },
    });
    const page = parse(listSchema, res.data, "GET", path, "a connection list");
    // Items without the fields the provider relies on are skipped (they are looked up by id if needed).
    const connections = (page.body ?? []).flatMap((item) => {
      const parsed = connectionSchema.safeParse(item);
      return parsed.success && parsed.data.connectionId !== undefined
        ? [parsed.data as unknown as ConnectionDto]
        : [];
    });
    return { connections, cursor: page.cursor ?? null };
  }

  /**
   * GET /api/v1/connections/{connectionId}: the connection's details, the fields the provider
   * reads normalised (null, empty or of another type: absent).
   */
  async getConnection(connectionId: string, workspaceId?: string): Promise<ConnectionDto> {
    const details = connectionSchema.parse(await this.getConnectionAsSent(connectionId, workspaceId));
    return { ...details, connectionId: details.connectionId ?? connectionId } as unknown as ConnectionDto;
  }

  /**
   * GET /api/v1/connections/{connectionId}: the details as the API sent them (an object), with
   * `connectionId` set to the id asked for when the answer leaves it out.
   */
  async getConnectionAsSent(connectionId: string, workspaceId?: string): Promise<ConnectionDto> {
    const path = `${CONNECTIONS_PATH}/${segment(connectionId)}`;
    const res = await this.http.request<unknown>({ method: "GET", path, query: { workspaceId } });
    const details = unwrap(z.looseObject({}), res.data, "GET", path, "connection details");
    const id =
      typeof details.connectionId === "string" && details.connectionId ? details.connectionId : connectionId;
    return { ...details, connectionId: id } as unknown as ConnectionDto;
  }

  /** POST /api/v1/connections/{connectionId}/refresh: starts one run. Never replayed blindly. */
  async refreshConnection(item: RefreshConnectionDto): Promise<ConnectionRunDto> {
    const path = `${CONNECTIONS_PATH}/${segment(item.connectionId)}/refresh`;
    const res = await this.http.request<unknown>({ method: "POST", path, body: item });
    return unwrap(runSchema, res.data, "POST", path, "a connection run") as ConnectionRunDto;
  }

  /** POST /api/v1/connections/batch/refresh: starts up to 100 runs on one destination. */
  async refreshBatch(
    items: readonly RefreshConnectionDto[],
    cancelUnwritables: boolean,
  ): Promise<RefreshBatchDto> {
    const path = `${CONNECTIONS_PATH}/batch/refresh`;
    const res = await this.http.request<unknown>({
      method: "POST",
      path,
      query: { cancelUnwritables },
      body: items,
    });
    return unwrap(batchSchema, res.data, "POST", path, "a batch refresh") as RefreshBatchDto;
  }

  /** GET /api/v1/connections/batch/refresh/{batchRefreshId}: the batch and its children now. */
  async getBatch(batchRefreshId: string, workspaceId?: string): Promise<RefreshBatchDto> {
    const path = `${CONNECTIONS_PATH}/batch/refresh/${segment(batchRefreshId)}`;
    const res = await this.http.request<unknown>({ method: "GET", path, query: { workspaceId } });
    return unwrap(batchSchema, res.data, "GET", path, "a batch refresh") as RefreshBatchDto;
  }

  /** GET /api/v1/connections/{connectionId}/status?jobId&workspaceId: one run now. */
  async getRun(connectionId: string, jobId: string, workspaceId?: string): Promise<ConnectionRunDto> {
    const path = `${CONNECTIONS_PATH}/${segment(connectionId)}/status`;
    const res = await this.http.request<unknown>({ method: "GET", path, query: { jobId, workspaceId } });
    return unwrap(runSchema, res.data, "GET", path, "a connection run") as ConnectionRunDto;
  }
}

/** A path segment, percent-encoded. */
function segment(value: string): string {
  return encodeURIComponent(value);
}

/** The `body` of a `{body, code}` envelope, checked against `schema`. */
function unwrap<T extends z.ZodType>(
  schema: T,
  data: unknown,
  method: string,
  path: string,
  what: string,
): z.output<T> {
  const envelope = parse(z.looseObject({ body: z.unknown() }), data, method, path, "a {body, code} envelope");
  return parse(schema, envelope.body, method, path, what);
}

/** `data` checked against `schema`; a mismatch is a `malformed` ApiError naming the first problem. */
function parse<T extends z.ZodType>(
  schema: T,
  data: unknown,
  method: string,
  path: string,
  what: string,
): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  throw new ApiError({
    service: "workiva",
    method,
    path,
    status: 200,
    kind: "malformed",
    apiMessage: `expected ${what}${where}: ${issue?.message ?? "unexpected shape"}`,
    ambiguous: method !== "GET",
    retryable: false,
  });
}
