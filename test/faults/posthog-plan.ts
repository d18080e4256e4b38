/**
 * The PostHog half of the matrix and how it runs: one stack holding every ExternalDataSource,
 * ExternalDataSchema and SourceWebhook slot goes through four phases (create v1, update to v2,
 * refresh, destroy); each phase arms the faults of its scenarios at once, each on its own slot.
 */
import type { Emulator, RequestFilter } from "../emulator";
import type { Stack } from "../harness";
import { TRANSPORT_FAULTS, faultRules, type FaultName } from "./catalogue";
import { runPhase } from "./phase";
import { judgeSchema, judgeSource, judgeWebhook, type PhaseContext } from "./posthog-judge";
import {
  createSlots,
  posthogProgram,
  type PosthogSlots,
  type SlotCounts,
  type Version,
} from "./posthog-slots";
import { scenario, type Operation, type ResourceKind, type Scenario, type ScenarioResult } from "./scenario";

/** One line of the matrix: a fault, the call it hits, and the request filter of that call. */
type Line = [FaultName, string, (project: string) => RequestFilter];

const at = (method: string, suffix: string) => (project: string) => ({
  service: "posthog" as const,
  method,
  path: `/api/projects/${project}/${suffix}`,
});

const SOURCE = "external_data_sources/*";
const SCHEMA = "external_data_schemas/*";

/** Every transport fault on one call. */
function everyFault(call: string, filter: (project: string) => RequestFilter): Line[] {
  return TRANSPORT_FAULTS.map((fault) => [fault, call, filter]);
}

/** The slot kinds of the matrix: the resource kinds, plus schema resources whose PATCHes coalesce. */
type SlotKind = Exclude<ResourceKind, "Refresh"> | "CoalescedSchemas";

/** The resource kind a slot kind's scenarios are about. */
const RESOURCE_KIND: Record<SlotKind, ResourceKind> = {
  ExternalDataSource: "ExternalDataSource",
  ExternalDataSchema: "ExternalDataSchema",
  CoalescedSchemas: "ExternalDataSchema",
  SourceWebhook: "SourceWebhook",
};

const BULK = `${SOURCE}/bulk_update_schemas`;

/** The PostHog matrix: kind -> operation -> lines. Slot i of a kind takes line i of each operation. */
const MATRIX: Record<SlotKind, Partial<Record<Operation, Line[]>>> = {
  ExternalDataSource: {
    create: [
      ...everyFault("POST external_data_sources/", at("POST", "external_data_sources")),
      ["503-persistent", "GET external_data_sources/:id/ (read-back)", at("GET", SOURCE)],
      [
        "503-persistent",
        "PATCH bulk_update_schemas (after the POST)",
        at("PATCH", `${SOURCE}/bulk_update_schemas`),
      ],
    ],
    update: [
      ...everyFault("PATCH bulk_update_schemas", at("PATCH", `${SOURCE}/bulk_update_schemas`)),
      [
        "503-persistent",
        "PATCH bulk_update_schemas (after the source PATCH)",
        at("PATCH", `${SOURCE}/bulk_update_schemas`),
      ],
      ["503-persistent", "PATCH external_data_sources/:id/", at("PATCH", SOURCE)],
    ],
    read: [
      ...everyFault("GET external_data_sources/:id/", at("GET", SOURCE)),
      ["503-persistent", "GET external_data_sources/:id/", at("GET", SOURCE)],
    ],
    delete: [
      ...everyFault("DELETE external_data_sources/:id/", at("DELETE", SOURCE)),
      ["503-persistent", "DELETE external_data_sources/:id/", at("DELETE", SOURCE)],
    ],
  },
  ExternalDataSchema: {
    create: [
      ...everyFault("PATCH external_data_schemas/:id/", at("PATCH", SCHEMA)),
      ["503", "POST incremental_fields", at("POST", `${SCHEMA}/incremental_fields`)],
      ["503-persistent", "GET external_data_sources/:id/ (table look-up)", at("GET", SOURCE)],
    ],
    update: [
      ...everyFault("PATCH external_data_schemas/:id/", at("PATCH", SCHEMA)),
      ["commit-then-fail", "POST reload (settings + trigger)", at("POST", `${SCHEMA}/reload`)],
      ["503", "POST reload (settings + trigger)", at("POST", `${SCHEMA}/reload`)],
      ["drop-after", "POST reload (trigger only)", at("POST", `${SCHEMA}/reload`)],
      ["malformed", "POST reload (trigger only)", at("POST", `${SCHEMA}/reload`)],
    ],
    read: [
      ...everyFault("GET external_data_schemas/:id/", at("GET", SCHEMA)),
      ["503-persistent", "GET external_data_schemas/:id/", at("GET", SCHEMA)],
    ],
    delete: [
      ...everyFault("PATCH external_data_schemas/:id/ (stop syncing)", at("PATCH", SCHEMA)),
      ["503-persistent", "PATCH external_data_schemas/:id/ (stop syncing)", at("PATCH", SCHEMA)],
    ],
  },
  // Two ExternalDataSchema resources of one source: their PATCHes go out as one bulk_update_schemas.
  CoalescedSchemas: {
    create: everyFault("PATCH bulk_update_schemas (2 schema resources, coalesced)", at("PATCH", BULK)),
    update: everyFault("PATCH bulk_update_schemas (2 schema resources, coalesced)", at("PATCH", BULK)),
    delete: everyFault("PATCH bulk_update_schemas (2 schema resources, stop syncing)", at("PATCH", BULK)),
  },
  SourceWebhook: {
    create: everyFault("POST create_webhook", at("POST", `${SOURCE}/create_webhook`)),
    read: [
      ...everyFault("GET external_data_sources/:id/", at("GET", SOURCE)),
      ["503-persistent", "GET external_data_sources/:id/", at("GET", SOURCE)],
    ],
    delete: everyFault("POST delete_webhook", at("POST", `${SOURCE}/delete_webhook`)),
  },
};

/**
 * Where a kind's lines of an operation start among its slots (default 0). The webhook read and
 * delete lines use slots of their own, apart from the create lines' faulted slots.
 */
const SLOT_OFFSET: Partial<Record<keyof typeof MATRIX, Partial<Record<Operation, number>>>> = {
  SourceWebhook: { read: 10, delete: 10 },
};

const offset = (kind: keyof typeof MATRIX, operation: Operation) => SLOT_OFFSET[kind]?.[operation] ?? 0;

const OPERATIONS: Operation[] = ["create", "update", "read", "delete"];
const PREFIX = {
  ExternalDataSource: "src",
  ExternalDataSchema: "tbl",
  CoalescedSchemas: "tbls",
  SourceWebhook: "hook",
} as const;
const PROJECT_BASE = {
  ExternalDataSource: 100,
  ExternalDataSchema: 200,
  CoalescedSchemas: 400,
  SourceWebhook: 300,
} as const;

function slotCount(kind: keyof typeof MATRIX): number {
  return Math.max(...OPERATIONS.map((op) => offset(kind, op) + (MATRIX[kind][op]?.length ?? 0)));
}

/** Schema slots whose update lines hit `reload`: they declare a trigger. */
function triggerSlots(): SlotCounts["triggers"] {
  const triggers: SlotCounts["triggers"] = new Map();
  (MATRIX.ExternalDataSchema.update ?? []).forEach(([, call], i) => {
    if (call.includes("(settings + trigger)")) triggers.set(i, "with-settings");
    if (call.includes("(trigger only)")) triggers.set(i, "trigger-only");
  });
  return triggers;
}

/** How many slots of each kind the program holds. */
export const POSTHOG_COUNTS: SlotCounts = {
  sources: slotCount("ExternalDataSource"),
  schemas: slotCount("ExternalDataSchema"),
  coalesced: slotCount("CoalescedSchemas"),
  webhooks: slotCount("SourceWebhook"),
  triggers: triggerSlots(),
};

/** The PostHog scenarios of each operation (known before anything runs, for `it.each`). */
export const POSTHOG_SCENARIOS: Record<Operation, Scenario[]> = Object.fromEntries(
  OPERATIONS.map((operation) => [
    operation,
    (Object.keys(MATRIX) as (keyof typeof MATRIX)[]).flatMap((kind) =>
      (MATRIX[kind][operation] ?? []).map(([fault, call, filter], line) => {
        const i = offset(kind, operation) + line;
        const project = String(PROJECT_BASE[kind] + i);
        return scenario({
          kind: RESOURCE_KIND[kind],
          operation,
          fault,
          call,
          slot: `${PREFIX[kind]}-${String(i).padStart(2, "0")}`,
          rules: faultRules(fault, filter(project)),
        });
      }),
    ),
  ]),
) as Record<Operation, Scenario[]>;

/** Judges a scenario's slot. */
function judge(slots: PosthogSlots, s: Scenario, ctx: PhaseContext) {
  switch (s.kind) {
    case "ExternalDataSource":
      return judgeSource(
        slots.sources.find((slot) => slot.name === s.slot)!,
        ctx,
      );
    case "ExternalDataSchema":
      return judgeSchema(
        [...slots.schemas, ...slots.coalesced].find((slot) => slot.name === s.slot)!,
        ctx,
      );
    default:
      return judgeWebhook(
        slots.webhooks.find((slot) => slot.name === s.slot)!,
        ctx,
      );
  }
}

/** Runs the four PostHog phases on `stack`; returns every scenario's result. */
export async function runPosthogPhases(emulator: Emulator, stack: Stack): Promise<ScenarioResult[]> {
  const slots = createSlots(emulator, POSTHOG_COUNTS);
  const up = (version: Version) => () => stack.up(posthogProgram(slots, version));
  const results: ScenarioResult[] = [];
  const phase = async (
    operation: Operation,
    version: Version,
    runs: {
      attempt: () => ReturnType<Stack["up"]>;
      recover: () => ReturnType<Stack["up"]>;
      finally?: () => ReturnType<Stack["up"]>;
    },
  ) => {
    const since = Date.now();
    results.push(
      ...(await runPhase({
        emulator,
        stack,
        scenarios: POSTHOG_SCENARIOS[operation],
        ...runs,
        judge: (s, phaseRuns) => {
          const problems = judge(slots, s, { emulator, state: stack.state, operation, version, since });
          const row = phaseRuns.last.rows.find((r) => r.name === s.slot);
          if (operation === "read" && row && row.op !== "same") {
            problems.push({
              kind: "not-converged",
              detail: `the up after refresh wants to ${row.op} ${row.changed.join(", ")}`,
            });
          }
          return problems;
        },
      })),
    );
  };
  await phase("create", 1, { attempt: up(1), recover: up(1) });
  await phase("update", 2, { attempt: up(2), recover: up(2) });
  await phase("read", 2, { attempt: () => stack.refresh(), recover: () => stack.refresh(), finally: up(2) });
  await phase("delete", 2, { attempt: () => stack.destroy(), recover: () => stack.destroy() });
  return results;
}
