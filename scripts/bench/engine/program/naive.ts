/**
 * The naive approach through the same engine: dynamic providers as a user would write them inline
 * in a program, one call per table setting and one refresh per connection (`concurrency` requests
 * in flight, like a `p-limit(n)` script), each job polled on its own. Credentials come from the
 * stack config in `configure` (never captured); the code is serialized into state by value, as a
 * user's inline provider is.
 */
import * as pulumi from "@pulumi/pulumi";
import { refreshArgs, schemaArgs, sourceArgs } from "./ours";
import type { ProgramSpec } from "./spec";

/** How the naive providers pace themselves. */
export interface NaiveSettings {
  /** Requests in flight at once. */
  concurrency: number;
  /** Sleep between two status polls of one job, in ms. */
  pollMs: number;
}

type Json = Record<string, unknown>;
type Settings = NaiveSettings & { config: Record<string, string | undefined> };

/** Reads the endpoints and credentials from the stack config (same keys as pulumi-datasync). */
function configure(settings: Settings, req: pulumi.dynamic.ConfigureRequest): void {
  for (const key of ["host", "apiKey", "projectId"])
    settings.config[`posthog:${key}`] = req.config.get(`posthog:${key}`);
  for (const key of ["apiUrl", "tokenUrl", "clientId", "clientSecret"])
    settings.config[`workiva:${key}`] = req.config.get(`workiva:${key}`);
}

/** One HTTP call; throws on any status >= 400. */
async function call(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Json> {
  const res = await globalThis.fetch(url, { method, headers, body });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 200)}`);
  return text ? (JSON.parse(text) as Json) : {};
}

/** PostHog: a call with the project's key, JSON body. */
function posthogCall(settings: Settings, method: string, path: string, json?: unknown): Promise<Json> {
  const c = settings.config;
  const headers = { authorization: `Bearer ${c["posthog:apiKey"]}`, "content-type": "application/json" };
  const url = `${c["posthog:host"]}/api/projects/${c["posthog:projectId"]}${path}`;
  return call(method, url, headers, json === undefined ? undefined : JSON.stringify(json));
}

/** Runs `work` for every item, `concurrency` at a time. */
async function pool<T, R>(concurrency: number, items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** The schema ids of a source by table name (one GET). */
async function schemaIds(settings: Settings, sourceId: string): Promise<Record<string, string>> {
  const source = await posthogCall(settings, "GET", `/external_data_sources/${sourceId}/`);
  const ids: Record<string, string> = {};
  for (const s of (source.schemas ?? []) as { id: string; name: string }[]) ids[s.name] = s.id;
  return ids;
}

interface Table {
  name: string;
  syncType: string;
  syncFrequency: string;
}

/** Scenario 1: POST the source with its tables, GET the ids, one PATCH per table's frequency. */
function sourceProvider(settings: Settings): pulumi.dynamic.ResourceProvider {
  const patchFrequencies = (ids: Record<string, string>, tables: Table[]) =>
    pool(settings.concurrency, tables, (t) =>
      posthogCall(settings, "PATCH", `/external_data_schemas/${ids[t.name]}/`, {
        sync_frequency: t.syncFrequency,
      }),
    );
  return {
    configure: async (req) => configure(settings, req),
    create: async (inputs) => {
      const tables = inputs.schemas as Table[];
      const jobInputs = inputs.jobInputs as Json;
      const created = await posthogCall(settings, "POST", "/external_data_sources/", {
        source_type: inputs.sourceType,
        prefix: inputs.prefix,
        payload: {
          ...jobInputs,
          schemas: tables.map((t) => ({ name: t.name, should_sync: true, sync_type: t.syncType })),
        },
      });
      const id = created.id as string;
      const ids = await schemaIds(settings, id);
      await patchFrequencies(ids, tables);
      return { id, outs: { ...inputs, schemaIds: ids } };
    },
    update: async (_id, olds, news) => {
      const before = new Map((olds.schemas as Table[]).map((t) => [t.name, t.syncFrequency]));
      const changed = (news.schemas as Table[]).filter((t) => before.get(t.name) !== t.syncFrequency);
      await patchFrequencies(olds.schemaIds as Record<string, string>, changed);
      return { outs: { ...news, schemaIds: olds.schemaIds } };
    },
    delete: async (id) => {
      await posthogCall(settings, "DELETE", `/external_data_sources/${id}/`);
    },
  };
}

/** Scenario 2: each resource GETs its source for its schema id, then PATCHes its table. */
function schemaProvider(settings: Settings): pulumi.dynamic.ResourceProvider {
  return {
    configure: async (req) => configure(settings, req),
    create: async (inputs) => {
      const id = (await schemaIds(settings, inputs.sourceId as string))[inputs.name as string];
      await posthogCall(settings, "PATCH", `/external_data_schemas/${id}/`, {
        should_sync: true,
        sync_type: inputs.syncType,
        sync_frequency: inputs.syncFrequency,
      });
      return { id, outs: inputs };
    },
    delete: async (id) => {
      await posthogCall(settings, "PATCH", `/external_data_schemas/${id}/`, { should_sync: false });
    },
  };
}

/** A Wdata run as the status endpoints answer it (inside the `{body, code}` envelope). */
interface Run {
  connectionId: string;
  jobId: string;
  sourceStatus: string;
  destinationStatus: string;
}

/** Scenario 3: one token, one refresh POST per connection, each job polled on its own until done. */
function refreshProvider(settings: Settings): pulumi.dynamic.ResourceProvider {
  return {
    configure: async (req) => configure(settings, req),
    create: async (inputs) => {
      const c = settings.config;
      const form = new URLSearchParams({
        grant_type: "client_credentials",
        client_id: c["workiva:clientId"] ?? "",
        client_secret: c["workiva:clientSecret"] ?? "",
      });
      const token = await call(
        "POST",
        c["workiva:tokenUrl"] ?? "",
        { "content-type": "application/x-www-form-urlencoded" },
        form.toString(),
      );
      const headers = {
        authorization: `Bearer ${token.access_token as string}`,
        "content-type": "application/json",
      };
      const base = `${c["workiva:apiUrl"]}/api/v1/connections`;
      const runs = await pool(
        settings.concurrency,
        inputs.connections as string[],
        async (id) => (await call("POST", `${base}/${id}/refresh`, headers, "{}")).body as Run,
      );
      const terminal = ["complete", "error", "cancelled"];
      await pool(settings.concurrency, runs, async (run) => {
        for (;;) {
          const url = `${base}/${run.connectionId}/status?jobId=${encodeURIComponent(run.jobId)}`;
          const status = (await call("GET", url, headers)).body as Run;
          if (terminal.includes(status.sourceStatus) && terminal.includes(status.destinationStatus)) return;
          await new Promise((resolve) => setTimeout(resolve, settings.pollMs));
        }
      });
      return { id: `naive-${Date.now()}`, outs: { ...inputs, jobs: runs.length } };
    },
  };
}

/** A resource with a naive provider and a pulumi-datasync resource's type token. */
class NaiveResource extends pulumi.dynamic.Resource {
  constructor(
    provider: pulumi.dynamic.ResourceProvider,
    module: string,
    type: string,
    name: string,
    props: object,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(provider, name, { ...props }, opts, module, type);
  }
}

/** Declares the scenario with the naive providers; returns the stack outputs. */
export function declareNaive(spec: ProgramSpec, naive: NaiveSettings): Record<string, pulumi.Input<unknown>> {
  const settings: Settings = { ...naive, config: {} };
  switch (spec.scenario) {
    case "source": {
      const args = sourceArgs(spec);
      const props = { ...args, jobInputs: pulumi.secret(args.jobInputs) };
      const opts = { additionalSecretOutputs: ["jobInputs"] };
      const source = new NaiveResource(
        sourceProvider(settings),
        "posthog",
        "ExternalDataSource",
        "warehouse",
        props,
        opts,
      );
      return { id: source.id };
    }
    case "schemas": {
      const provider = schemaProvider(settings); // one object: the SDK serializes it once
      return {
        count: schemaArgs(spec).map(
          (args) => new NaiveResource(provider, "posthog", "ExternalDataSchema", args.name as string, args),
        ).length,
      };
    }
    case "refresh":
      return {
        id: new NaiveResource(refreshProvider(settings), "workiva", "Refresh", "reports", refreshArgs(spec))
          .id,
      };
  }
}
