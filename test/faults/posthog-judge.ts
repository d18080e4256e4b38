/**
 * Judges a PostHog slot after a phase: the emulator's objects against the program and the state.
 * - duplicated: more than one live source of the slot's type and prefix; a sync started twice for
 *   one trigger change;
 * - orphaned: a live source, webhook or syncing table no resource in state accounts for (or one
 *   left behind by destroy);
 * - lost: a declared setting, description, job input or table removal PostHog does not have, a
 *   resource whose remote object is missing, a trigger change that started no sync.
 */
import type { Emulator } from "../emulator";
import type { SchemaSnapshot } from "../emulator/posthog";
import type { StackState } from "../harness";
import type { Operation, Problem } from "./scenario";
import {
  removedTables,
  schemaArgs,
  schemaResourceName,
  sourceArgs,
  type SchemaSlot,
  type SourceSlot,
  type Version,
  type WebhookSlot,
} from "./posthog-slots";
import { TEST_SECRETS } from "./support";

/** What the judges need to know about the phase. */
export interface PhaseContext {
  emulator: Emulator;
  state: StackState;
  operation: Operation;
  /** The program version of the phase. */
  version: Version;
  /** When the phase started (epoch ms): syncs started since are this phase's. */
  since: number;
}

/** Declared setting -> PostHog field. */
const API_FIELDS = {
  shouldSync: "should_sync",
  syncType: "sync_type",
  incrementalField: "incremental_field",
  incrementalFieldType: "incremental_field_type",
  syncFrequency: "sync_frequency",
  syncTimeOfDay: "sync_time_of_day",
  primaryKeyColumns: "primary_key_columns",
  cdcTableMode: "cdc_table_mode",
} as const;

/** The declared settings a row does not have, as `setting: declared != remote`. */
export function settingDifferences(declared: Record<string, unknown>, row: SchemaSnapshot): string[] {
  const wanted: Record<string, unknown> = { shouldSync: true, ...declared };
  const differences: string[] = [];
  for (const [setting, field] of Object.entries(API_FIELDS)) {
    if (wanted[setting] === undefined) continue;
    let remote = (row as unknown as Record<string, unknown>)[field];
    if (setting === "syncFrequency" && remote === null) remote = "never";
    if (JSON.stringify(remote) !== JSON.stringify(wanted[setting])) {
      differences.push(
        `${setting}: declared ${JSON.stringify(wanted[setting])}, PostHog has ${JSON.stringify(remote)}`,
      );
    }
  }
  return differences;
}

function inState(state: StackState, name: string) {
  return state.resources.find((r) => r.name === name && !r.pendingDelete);
}

/** Problems of an ExternalDataSource slot. */
export function judgeSource(slot: SourceSlot, ctx: PhaseContext): Problem[] {
  const problems: Problem[] = [];
  const live = ctx.emulator.posthog.sources().filter((s) => s.project_id === slot.projectId);
  const resource = inState(ctx.state, slot.name);
  if (ctx.operation === "delete") {
    for (const s of live)
      problems.push({ kind: "orphaned", detail: `source ${s.id} still exists after destroy` });
    if (resource)
      problems.push({ kind: "not-converged", detail: "the source is still in state after destroy" });
    return problems;
  }
  const sameKey = live.filter((s) => s.source_type === "Stripe" && (s.prefix ?? "") === slot.prefix);
  if (sameKey.length > 1)
    problems.push({
      kind: "duplicated",
      detail: `${sameKey.length} live Stripe sources with prefix ${slot.prefix}`,
    });
  for (const s of live.filter((s) => s.id !== resource?.id))
    problems.push({ kind: "orphaned", detail: `source ${s.id} is not in state` });
  const remote = live.find((s) => s.id === resource?.id);
  if (!resource || !remote) {
    problems.push({
      kind: "lost",
      detail: resource ? `state names source ${resource.id}, which is gone` : "not in state",
    });
    return problems;
  }
  const args = sourceArgs(slot, ctx.version);
  if (remote.description !== args.description)
    problems.push({ kind: "lost", detail: `description is ${JSON.stringify(remote.description)}` });
  const jobInputs = args.jobInputs as Record<string, unknown>;
  for (const [key, value] of Object.entries(jobInputs)) {
    if (!holds(remote.stored_job_inputs[key], value))
      problems.push({ kind: "lost", detail: `job input ${key} not stored` });
  }
  const authMethod = remote.stored_job_inputs.auth_method as Record<string, unknown> | undefined;
  if (authMethod?.stripe_secret_key !== TEST_SECRETS.stripeKey)
    problems.push({ kind: "lost", detail: "the Stripe key PostHog stores is not the declared one" });
  const rows = ctx.emulator.posthog.schemas(remote.id);
  const declared = (args.schemas as unknown as Record<string, unknown>[] | undefined) ?? [];
  for (const table of declared) {
    const row = rows.find((r) => r.name === table.name);
    if (!row) {
      problems.push({ kind: "lost", detail: `table ${String(table.name)} has no row` });
      continue;
    }
    const { name: _name, ...settings } = table;
    for (const d of settingDifferences(settings, row))
      problems.push({ kind: "lost", detail: `${row.name}.${d}` });
  }
  const removed = removedTables(ctx.version);
  for (const row of rows.filter((r) => r.should_sync && !declared.some((t) => t.name === r.name))) {
    problems.push(
      removed.includes(row.name)
        ? { kind: "lost", detail: `table ${row.name} was removed from the program but still syncs` }
        : { kind: "orphaned", detail: `table ${row.name} syncs but is not declared` },
    );
  }
  return problems;
}

/** Syncs of a schema row started since `since`. */
function syncsSince(ctx: PhaseContext, sourceId: string, schemaId: string): number {
  return ctx.emulator.posthog
    .jobs(sourceId)
    .filter((job) => job.schema_id === schemaId && Date.parse(job.created_at) >= ctx.since).length;
}

/** Problems of an ExternalDataSchema slot: of each of its tables. */
export function judgeSchema(slot: SchemaSlot, ctx: PhaseContext): Problem[] {
  return slot.tables.flatMap((table) =>
    judgeSchemaTable(slot, table, ctx).map((p) =>
      slot.tables.length > 1 ? { ...p, detail: `${table}: ${p.detail}` } : p,
    ),
  );
}

function judgeSchemaTable(slot: SchemaSlot, table: string, ctx: PhaseContext): Problem[] {
  const problems: Problem[] = [];
  const row = ctx.emulator.posthog.schemaByName(slot.sourceId, table);
  const resource = inState(ctx.state, schemaResourceName(slot, table));
  if (!row) return [{ kind: "lost", detail: `the ${table} row is gone` }];
  if (ctx.operation === "delete") {
    if (row.should_sync) problems.push({ kind: "orphaned", detail: `${table} still syncs after destroy` });
    if (resource)
      problems.push({ kind: "not-converged", detail: "the schema is still in state after destroy" });
    return problems;
  }
  if (!resource) return [{ kind: "lost", detail: "not in state" }];
  if (resource.id !== row.id)
    problems.push({ kind: "lost", detail: `state id ${resource.id} is not row ${row.id}` });
  const {
    projectId: _p,
    sourceId: _s,
    name: _n,
    syncTriggers: _t,
    ...settings
  } = schemaArgs(slot, ctx.version, table);
  for (const d of settingDifferences(settings, row)) problems.push({ kind: "lost", detail: d });
  const expectedSyncs =
    ctx.operation === "update" && slot.trigger ? 1 : ctx.operation === "read" ? 0 : undefined;
  if (expectedSyncs !== undefined) {
    const syncs = syncsSince(ctx, slot.sourceId, row.id);
    if (syncs > expectedSyncs)
      problems.push({
        kind: "duplicated",
        detail: `${syncs} syncs started for one trigger change (expected ${expectedSyncs})`,
      });
    if (syncs < expectedSyncs) problems.push({ kind: "lost", detail: "the trigger change started no sync" });
  }
  return problems;
}

/** Problems of a SourceWebhook slot. */
export function judgeWebhook(slot: WebhookSlot, ctx: PhaseContext): Problem[] {
  const source = ctx.emulator.posthog.source(slot.sourceId);
  const resource = inState(ctx.state, slot.name);
  const exists = source?.webhook.exists === true;
  if (ctx.operation === "delete") {
    const problems: Problem[] = [];
    if (exists) problems.push({ kind: "orphaned", detail: "the webhook still exists after destroy" });
    if (resource)
      problems.push({ kind: "not-converged", detail: "the webhook is still in state after destroy" });
    return problems;
  }
  if (!exists) return [{ kind: "lost", detail: "PostHog has no webhook for the source" }];
  if (!resource) return [{ kind: "orphaned", detail: "the webhook exists but is not in state" }];
  // The URL is what the user registers with the source system: it must be in the outputs.
  const url = `${ctx.emulator.url}${source?.webhook.path ?? ""}`;
  if (resource.outputs.webhookUrl !== url)
    return [
      { kind: "lost", detail: `webhookUrl is ${JSON.stringify(resource.outputs.webhookUrl)}, not ${url}` },
    ];
  return [];
}

/** True when `stored` holds every value of `declared` (PostHog adds defaults and nulls around them). */
function holds(stored: unknown, declared: unknown): boolean {
  if (declared !== null && typeof declared === "object" && !Array.isArray(declared)) {
    if (stored === null || typeof stored !== "object") return false;
    return Object.entries(declared).every(([key, value]) =>
      holds((stored as Record<string, unknown>)[key], value),
    );
  }
  return stored === declared;
}
