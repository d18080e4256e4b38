/**
 * Typed client of the PostHog data warehouse API: one method per endpoint, on the shared
 * HttpClient (retries, rate limits, redaction, ApiError). List methods fetch every page.
 */
import type { HttpClient, QueryValue } from "../../http";
import { ApiError, isApiError } from "../../http";
import type {
  ApiDiscoveredTable,
  ApiIncrementalFields,
  ApiJob,
  ApiPage,
  ApiRefreshSchemasResult,
  ApiSchema,
  ApiSchemaBulkEntry,
  ApiSchemaSettings,
  ApiSource,
  ApiSourceCreate,
  ApiSourcePatch,
  ApiWebhookCreateResult,
  ApiWebhookDeleteResult,
} from "./types";

/** Page size of list calls (PostHog's default and usual maximum). */
export const PAGE_SIZE = 100;
/** Most pages a list call follows (a guard against a server that never stops paging). */
const MAX_PAGES = 1000;

/** True when `error` is a 404 answer (gone, soft-deleted or never existed). */
export function isNotFound(error: unknown): boolean {
  return isApiError(error) && error.status === 404;
}

/** Filters of the jobs endpoint. */
export interface JobsQuery {
  /** ISO timestamp: jobs created after it. */
  after?: string;
  /** ISO timestamp: jobs created before it. */
  before?: string;
  /** Schema (table) names or ids to include. */
  schemas?: string[];
}

/** The PostHog warehouse API of one project. */
export class PosthogClient {
  /**
   * @param http the shared HTTP client (base URL = PostHog host, auth = the personal API key)
   * @param projectId the project every call goes to
   */
  constructor(
    private readonly http: HttpClient,
    readonly projectId: string,
  ) {}

  /** Identifies the PostHog project this client talks to (host + project), e.g. for caches. */
  get scope(): string {
    return `${this.http.baseUrl}|${this.projectId}`;
  }

  private path(...parts: string[]): string {
    return `/api/projects/${encodeURIComponent(this.projectId)}/${parts.map(encodeURIComponent).join("/")}/`;
  }

  private async call<T>(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
    query?: Record<string, QueryValue>,
    idempotent = false,
  ): Promise<T> {
    const response = await this.http.request<T>({ method, path, body, query, idempotent });
    return response.data;
  }

  /** `GET external_data_sources/?search`: every page. */
  async listSources(search?: string): Promise<ApiSource[]> {
    const sources: ApiSource[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const data = await this.call<ApiPage<ApiSource>>("GET", this.path("external_data_sources"), undefined, {
        limit: PAGE_SIZE,
        offset: sources.length,
        search,
      });
      const results = Array.isArray(data?.results) ? data.results : [];
      sources.push(...results);
      if (!data?.next || results.length === 0) break;
    }
    return sources;
  }

  /**
   * `GET external_data_sources/wizard/`: every source type's configuration fields, as PostHog's UI
   * reads them (a read action: the read scope suffices).
   */
  sourceWizard(): Promise<unknown> {
    return this.call("GET", this.path("external_data_sources", "wizard"));
  }

  /**
   * `POST external_data_sources/database_schema/`: the tables a source with these settings would
   * have, with what each supports (no source is created; a read behind a POST, safe to replay).
   */
  async discoverTables(
    sourceType: string,
    jobInputs: Record<string, unknown>,
  ): Promise<ApiDiscoveredTable[]> {
    const data = await this.call<unknown>(
      "POST",
      this.path("external_data_sources", "database_schema"),
      { ...jobInputs, source_type: sourceType },
      undefined,
      true,
    );
    return Array.isArray(data) ? (data as ApiDiscoveredTable[]) : [];
  }

  /** `GET external_data_sources/:id/`. */
  getSource(id: string): Promise<ApiSource> {
    return this.call("GET", this.path("external_data_sources", id));
  }

  /**
   * `POST external_data_sources/` -> the new id. A 2xx answer without an id is reported as an
   * ambiguous failure (the source may exist).
   */
  async createSource(body: ApiSourceCreate): Promise<string> {
    const path = this.path("external_data_sources");
    const data = await this.call<{ id?: unknown }>("POST", path, body);
    if (typeof data?.id === "string" && data.id) return data.id;
    throw new ApiError({
      service: "posthog",
      method: "POST",
      path,
      status: 201,
      kind: "malformed",
      apiMessage: "the answer has no source id",
      ambiguous: true,
      retryable: false,
    });
  }

  /** `PATCH external_data_sources/:id/` (job_inputs are merged into the stored ones). */
  updateSource(id: string, patch: ApiSourcePatch): Promise<ApiSource> {
    return this.call("PATCH", this.path("external_data_sources", id), patch);
  }

  /** `DELETE external_data_sources/:id/`. */
  async deleteSource(id: string): Promise<void> {
    await this.call("DELETE", this.path("external_data_sources", id));
  }

  /** `POST external_data_sources/:id/refresh_schemas/`: discover tables (no sync; safe to replay). */
  refreshSchemas(id: string): Promise<ApiRefreshSchemasResult> {
    return this.call(
      "POST",
      this.path("external_data_sources", id, "refresh_schemas"),
      undefined,
      undefined,
      true,
    );
  }

  /** `PATCH external_data_sources/:id/bulk_update_schemas/`. */
  async bulkUpdateSchemas(id: string, schemas: ApiSchemaBulkEntry[]): Promise<ApiSchema[]> {
    const data = await this.call<unknown>(
      "PATCH",
      this.path("external_data_sources", id, "bulk_update_schemas"),
      { schemas },
    );
    return Array.isArray(data) ? (data as ApiSchema[]) : [];
  }

  /** `POST external_data_sources/:id/create_webhook/`. */
  createWebhook(id: string): Promise<ApiWebhookCreateResult> {
    return this.call("POST", this.path("external_data_sources", id, "create_webhook"));
  }

  /** `POST external_data_sources/:id/delete_webhook/`. */
  deleteWebhook(id: string): Promise<ApiWebhookDeleteResult> {
    return this.call("POST", this.path("external_data_sources", id, "delete_webhook"));
  }

  /** `GET external_data_sources/:id/jobs/` (at most 50, newest first). */
  async listJobs(id: string, query: JobsQuery = {}): Promise<ApiJob[]> {
    const data = await this.call<unknown>("GET", this.path("external_data_sources", id, "jobs"), undefined, {
      after: query.after,
      before: query.before,
      schemas: query.schemas,
    });
    return Array.isArray(data) ? (data as ApiJob[]) : [];
  }

  /** `POST external_data_sources/:id/reload/`: sync every enabled table now. */
  async reloadSource(id: string): Promise<void> {
    await this.call("POST", this.path("external_data_sources", id, "reload"));
  }

  /** `GET external_data_schemas/:id/`. */
  getSchema(id: string): Promise<ApiSchema> {
    return this.call("GET", this.path("external_data_schemas", id));
  }

  /** `PATCH external_data_schemas/:id/`. */
  updateSchema(id: string, patch: ApiSchemaSettings): Promise<ApiSchema> {
    return this.call("PATCH", this.path("external_data_schemas", id), patch);
  }

  /** `POST external_data_schemas/:id/reload/`: sync now. */
  async reloadSchema(id: string): Promise<void> {
    await this.call("POST", this.path("external_data_schemas", id, "reload"));
  }

  /** `POST external_data_schemas/:id/resync/`: cancel, reset and sync everything again. */
  async resyncSchema(id: string): Promise<void> {
    await this.call("POST", this.path("external_data_schemas", id, "resync"));
  }

  /** `POST external_data_schemas/:id/cancel/` (400 when no sync runs). */
  async cancelSchemaSync(id: string): Promise<void> {
    await this.call("POST", this.path("external_data_schemas", id, "cancel"));
  }

  /** `DELETE external_data_schemas/:id/delete_data/`: drop the synced table. */
  async deleteSchemaData(id: string): Promise<void> {
    await this.call("DELETE", this.path("external_data_schemas", id, "delete_data"));
  }

  /** `POST external_data_schemas/:id/incremental_fields/`: columns it can sync incrementally on. */
  incrementalFields(id: string): Promise<ApiIncrementalFields> {
    // A read behind a POST: safe to replay.
    return this.call(
      "POST",
      this.path("external_data_schemas", id, "incremental_fields"),
      undefined,
      undefined,
      true,
    );
  }
}
