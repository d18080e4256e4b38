/**
 * The PostHog resources of the fault suite. Every slot (one resource) lives in a PostHog project
 * of its own, so its fault rules (matched on the path, which names the project) and the checks of
 * its remote objects never see another scenario. Two program versions: v1 (create) and v2 (update).
 */
import { posthog } from "pulumi-datasync";
import type { Emulator } from "../emulator";
import { postgresBody } from "../emulator/posthog/test-helpers";
import { TEST_SECRETS } from "./support";

/** Program version: 1 at create, 2 after the update. */
export type Version = 1 | 2;

/** An ExternalDataSource of the program. */
export interface SourceSlot {
  name: string;
  projectId: string;
  prefix: string;
}

/**
 * ExternalDataSchema resources of the program on their own Postgres source: one on `orders`, or
 * (a coalesced slot) one per table of `tables`, whose PATCHes go out together as bulk_update_schemas.
 */
export interface SchemaSlot {
  name: string;
  projectId: string;
  sourceId: string;
  /** The tables, one resource each: the first is named `name`, the others `<name>-<table>`. */
  tables: string[];
  /** Has `syncTriggers`, changed by the update. */
  trigger: boolean;
  /** The update changes only the trigger (no settings). */
  triggerOnly: boolean;
}

/** A SourceWebhook of the program, on a Stripe source of its own. */
export interface WebhookSlot {
  name: string;
  projectId: string;
  sourceId: string;
}

/** Every PostHog slot of the program. */
export interface PosthogSlots {
  sources: SourceSlot[];
  schemas: SchemaSlot[];
  /** Schema slots of two tables each (their PATCHes are coalesced into one bulk_update_schemas). */
  coalesced: SchemaSlot[];
  webhooks: WebhookSlot[];
}

/** How many slots of each kind, and which schema slots carry a trigger. */
export interface SlotCounts {
  sources: number;
  schemas: number;
  coalesced: number;
  webhooks: number;
  /** Schema slot index -> trigger kind. */
  triggers: Map<number, "with-settings" | "trigger-only">;
}

/** Project ids: 1xx sources, 2xx schemas, 3xx webhooks, 4xx coalesced schemas. */
export function projectIds(
  counts: Pick<SlotCounts, "sources" | "schemas" | "coalesced" | "webhooks">,
): string[] {
  const ids = (base: number, n: number) => Array.from({ length: n }, (_, i) => String(base + i));
  return [
    ...ids(100, counts.sources),
    ...ids(200, counts.schemas),
    ...ids(300, counts.webhooks),
    ...ids(400, counts.coalesced),
  ];
}

/** The tables of a coalesced slot. */
export const COALESCED_TABLES = ["orders", "customers"];

/** The resource name of a schema slot's table. */
export function schemaResourceName(slot: SchemaSlot, table: string): string {
  return table === slot.tables[0] ? slot.name : `${slot.name}-${table}`;
}

const pad = (i: number) => String(i).padStart(2, "0");

/** Creates the fixture sources (through the emulator's control, like sources made elsewhere). */
export function createSlots(emulator: Emulator, counts: SlotCounts): PosthogSlots {
  const sources = Array.from({ length: counts.sources }, (_, i) => ({
    name: `src-${pad(i)}`,
    projectId: String(100 + i),
    prefix: `f${pad(i)}_`,
  }));
  const schemaSlot = (
    name: string,
    projectId: string,
    tables: string[],
    trigger?: "with-settings" | "trigger-only",
  ) => {
    const source = emulator.posthog.createSource(
      postgresBody(
        { prefix: "app_" },
        {
          password: TEST_SECRETS.postgresPassword,
          // PostHog makes rows only for the tables listed at create: the slot's tables, not syncing.
          schemas: [...new Set(["customers", ...tables])].map((table) => ({
            name: table,
            should_sync: false,
          })),
        },
      ),
      { projectId },
    );
    return {
      name,
      projectId,
      sourceId: source.id,
      tables,
      trigger: trigger !== undefined,
      triggerOnly: trigger === "trigger-only",
    };
  };
  const schemas = Array.from({ length: counts.schemas }, (_, i) =>
    schemaSlot(`tbl-${pad(i)}`, String(200 + i), ["orders"], counts.triggers.get(i)),
  );
  const coalesced = Array.from({ length: counts.coalesced }, (_, i) =>
    schemaSlot(`tbls-${pad(i)}`, String(400 + i), COALESCED_TABLES),
  );
  const webhooks = Array.from({ length: counts.webhooks }, (_, i) => {
    const projectId = String(300 + i);
    const source = emulator.posthog.createSource(
      {
        source_type: "Stripe",
        prefix: "hook_",
        payload: {
          auth_method: { selection: "api_key", stripe_secret_key: TEST_SECRETS.stripeKey },
          schemas: [{ name: "Customer", should_sync: true, sync_type: "full_refresh" }],
        },
      },
      { projectId },
    );
    return { name: `hook-${pad(i)}`, projectId, sourceId: source.id };
  });
  return { sources, schemas, coalesced, webhooks };
}

/** The ExternalDataSource arguments of a slot at a version. */
export function sourceArgs(slot: SourceSlot, version: Version): posthog.ExternalDataSourceArgs {
  const customer = {
    name: "Customer",
    syncType: "append", // PostHog's Stripe tables are append-only
    incrementalField: "created",
    incrementalFieldType: "integer",
  } as const;
  const schemas: posthog.ExternalDataSourceSchemaArgs[] =
    version === 1
      ? [
          { ...customer, syncFrequency: "1hour" },
          { name: "Charge", syncType: "full_refresh", syncFrequency: "6hour", syncTimeOfDay: "02:00:00" },
        ]
      : [
          { ...customer, syncFrequency: "12hour" },
          { name: "Invoice", syncType: "full_refresh", syncFrequency: "24hour" },
        ];
  return {
    projectId: slot.projectId,
    sourceType: "Stripe",
    prefix: slot.prefix,
    description: `faults v${version}`,
    jobInputs: {
      auth_method: { selection: "api_key", stripe_secret_key: TEST_SECRETS.stripeKey },
      stripe_account_id: `acct_v${version}`,
    },
    schemas,
  };
}

/** Tables a version no longer declares (they must stop syncing). */
export function removedTables(version: Version): string[] {
  return version === 1 ? [] : ["Charge"];
}

/** The ExternalDataSchema arguments of a slot's table (default its first) at a version. */
export function schemaArgs(
  slot: SchemaSlot,
  version: Version,
  table = slot.tables[0],
): posthog.ExternalDataSchemaArgs {
  const settingsVersion = slot.triggerOnly ? 1 : version;
  return {
    projectId: slot.projectId,
    sourceId: slot.sourceId,
    name: table,
    syncType: "incremental",
    incrementalField: "updated_at",
    incrementalFieldType: "timestamp", // PostHog's field_type of updated_at
    ...(settingsVersion === 1
      ? { syncFrequency: "1hour" }
      : { syncFrequency: "12hour", syncTimeOfDay: "03:00:00" }),
    ...(slot.trigger ? { syncTriggers: `t${version}` } : {}),
  };
}

/** The program declaring every slot at `version`. */
export function posthogProgram(slots: PosthogSlots, version: Version): () => Record<string, unknown> {
  return () => {
    for (const slot of slots.sources) new posthog.ExternalDataSource(slot.name, sourceArgs(slot, version));
    for (const slot of [...slots.schemas, ...slots.coalesced]) {
      for (const table of slot.tables) {
        new posthog.ExternalDataSchema(schemaResourceName(slot, table), schemaArgs(slot, version, table));
      }
    }
    for (const slot of slots.webhooks) {
      new posthog.SourceWebhook(slot.name, { projectId: slot.projectId, sourceId: slot.sourceId });
    }
    return {};
  };
}
