/**
 * The Workiva half of the matrix. A Refresh starts its runs when created and again when its
 * `triggers` change (a replacement), and `pulumi refresh` reads the status of unfinished runs;
 * deleting one makes no call, so there is no delete scenario.
 * - Single refreshes: one Refresh per slot, each on a connection alone on its destination (its
 *   own `POST .../<id>/refresh` and `GET .../<id>/status` paths): many scenarios per run.
 * - Batch refreshes share `POST .../batch/refresh`: one scenario per run, each on a new Refresh.
 * - Expired tokens affect the whole provider process: one scenario per run.
 * - A trigger change redeployed seconds after the previous refresh: its own stack.
 */
import { workiva } from "pulumi-datasync";
import type { Emulator, RequestFilter } from "../emulator";
import type { Stack } from "../harness";
import { TRANSPORT_FAULTS, faultRules, type FaultName } from "./catalogue";
import { runPhase } from "./phase";
import { scenario, type Operation, type Scenario, type ScenarioResult } from "./scenario";
import { judgeRefresh, type RefreshSlot } from "./workiva-judge";

const CONNECTIONS = "/s/wdata/prep/api/v1/connections";

type Line = [FaultName, string, (connectionId: string) => RequestFilter];

const at = (method: string, suffix: (id: string) => string) => (id: string) => ({
  service: "workiva" as const,
  method,
  path: `${CONNECTIONS}/${suffix(id)}`,
});
const refreshPost = at("POST", (id) => `${id}/refresh`);
const statusGet = at("GET", (id) => `${id}/status`);

function everyFault(call: string, filter: Line[2], persistent = true): Line[] {
  const lines: Line[] = TRANSPORT_FAULTS.map((fault) => [fault, call, filter]);
  return persistent ? [...lines, ["503-persistent", call, filter]] : lines;
}

const START_LINES = [
  ...everyFault("POST connections/:id/refresh", refreshPost),
  ...everyFault("GET connections/:id/status (the wait)", statusGet),
];

/** Single-refresh matrix: slot i takes line i of each operation. */
const SINGLE_MATRIX: Partial<Record<Operation, Line[]>> = {
  create: START_LINES,
  update: START_LINES,
  read: everyFault("GET connections/:id/status", statusGet),
};

const pad = (i: number) => String(i).padStart(2, "0");

/** The single-refresh slots: `ref-NN` refreshes connection `fc-NN` (alone on destination `fd-NN`). */
export const SINGLE_SLOTS: RefreshSlot[] = Array.from(
  { length: Math.max(...Object.values(SINGLE_MATRIX).map((lines) => lines.length)) },
  (_, i) => ({ name: `ref-${pad(i)}`, connections: [`fc-${pad(i)}`] }),
);

/** POST timeouts end like Workiva's 29 s cut: a 504 with nothing applied (see catalogue.ts). */
const rulesFor = (fault: FaultName, filter: RequestFilter) =>
  faultRules(fault, filter, { timeoutEndsWith: filter.method === "POST" ? 504 : "apply" });

/** Single-refresh scenarios per operation. */
export const SINGLE_SCENARIOS: Partial<Record<Operation, Scenario[]>> = Object.fromEntries(
  Object.entries(SINGLE_MATRIX).map(([operation, lines]) => [
    operation,
    lines.map(([fault, call, filter], i) =>
      scenario({
        kind: "Refresh",
        operation: operation as Operation,
        fault,
        call,
        slot: SINGLE_SLOTS[i].name,
        rules: rulesFor(fault, filter(SINGLE_SLOTS[i].connections[0])),
      }),
    ),
  ]),
);

const batchPost: RequestFilter = { service: "workiva", method: "POST", path: `${CONNECTIONS}/batch/refresh` };
const batchGet: RequestFilter = { service: "workiva", method: "GET", path: `${CONNECTIONS}/batch/refresh/*` };

/** Batch faults, one per run (every batch POST has the same path). */
const BATCH_LINES: [FaultName, string, RequestFilter][] = [
  ["commit-then-fail", "POST batch/refresh", batchPost],
  ["drop-after", "POST batch/refresh", batchPost],
  ["drop-before", "POST batch/refresh", batchPost],
  ["timeout", "POST batch/refresh", batchPost],
  ["malformed", "POST batch/refresh", batchPost],
  ["503-persistent", "POST batch/refresh", batchPost],
  ["503-persistent", "GET batch/refresh/:id (the wait)", batchGet],
];

/**
 * Batch Refreshes: `batch-N` refreshes `bc-N-1` and `bc-N-2` (one destination, so one batch POST).
 * Run N adds `batch-N` to the program (the earlier ones stay as they are) with fault N armed.
 */
export const BATCH_SLOTS: RefreshSlot[] = BATCH_LINES.map((_, i) => ({
  name: `batch-${i}`,
  connections: [`bc-${i}-1`, `bc-${i}-2`],
}));

/** Batch scenarios, in run order. */
export const BATCH_SCENARIOS: Scenario[] = BATCH_LINES.map(([fault, call, filter], i) =>
  scenario({
    kind: "Refresh",
    operation: "create",
    fault,
    call,
    slot: BATCH_SLOTS[i].name,
    rules: rulesFor(fault, filter),
  }),
);

/** The token Refresh: a batch, so a destinations look-up comes before the POST. */
export const TOKEN_SLOT: RefreshSlot = { name: "tok", connections: ["tc-1", "tc-2"] };
/** The tokens expire while the scenario's rule holds a request (which already passed the token check). */
export const TOKEN_SCENARIOS: Scenario[] = [
  scenario({
    kind: "Refresh",
    operation: "create",
    fault: "expired-token",
    call: "POST batch/refresh (expired during the destinations look-up)",
    slot: TOKEN_SLOT.name,
    rules: [
      {
        service: "workiva",
        method: "GET",
        path: new RegExp(`^${CONNECTIONS}(/tc-[12])?$`),
        delayMs: 300,
        times: 1,
      },
    ],
  }),
  scenario({
    kind: "Refresh",
    operation: "update",
    fault: "expired-token",
    call: "GET batch/refresh/:id (expired during the POST, before the first poll)",
    slot: TOKEN_SLOT.name,
    rules: [{ ...batchPost, delayMs: 300, times: 1 }],
  }),
];

/** The Refresh of the quick-redeploy scenario. */
export const QUICK_SLOT: RefreshSlot = { name: "quick", connections: ["qc-1"] };
/**
 * A trigger change deployed seconds after the previous refresh of the connection (a quick
 * redeploy; the previous deploy did not wait), whose POST fails with a 503 (nothing started).
 * The look-up after this ambiguous failure sees the previous run, created within the adoption
 * window: it must not be taken for ours (it was, before provider/workiva/known-runs.ts).
 */
export const QUICK_SCENARIO: Scenario = scenario({
  kind: "Refresh",
  operation: "update",
  fault: "503",
  call: "POST connections/:id/refresh (redeployed seconds after the previous refresh)",
  slot: QUICK_SLOT.name,
  rules: faultRules("503", refreshPost(QUICK_SLOT.connections[0])),
});

/** Registers the connections every Workiva scenario uses. */
export function addConnections(emulator: Emulator): void {
  SINGLE_SLOTS.forEach((slot, i) =>
    emulator.workiva.addConnection({ connectionId: slot.connections[0], destinationId: `fd-${pad(i)}` }),
  );
  BATCH_SLOTS.forEach((slot, i) => {
    for (const id of slot.connections)
      emulator.workiva.addConnection({ connectionId: id, destinationId: `bd-${i}` });
  });
  for (const id of TOKEN_SLOT.connections)
    emulator.workiva.addConnection({ connectionId: id, destinationId: "td" });
  emulator.workiva.addConnection({ connectionId: QUICK_SLOT.connections[0], destinationId: "qd" });
}

/** A program of Refresh slots at trigger `trigger`. */
function refreshProgram(slots: RefreshSlot[], trigger: string, waitForCompletion = true) {
  return () => {
    for (const slot of slots) {
      new workiva.Refresh(slot.name, {
        connections: slot.connections,
        triggers: { trigger },
        waitForCompletion,
      });
    }
    return {};
  };
}

/**
 * Expires every token once a request matching `rule` is held, then counts the 401 answers the
 * provider got afterwards (its encounters with the expired token).
 */
function tokenExpiry(emulator: Emulator, s: Scenario): () => Map<string, number> {
  let expiredAt: number | undefined;
  const after = emulator.log.entries.at(-1)?.seq ?? 0;
  const timer = setInterval(() => {
    if (expiredAt !== undefined) return;
    if (emulator.log.filter(s.rules[0]).some((entry) => entry.seq > after && entry.fault !== undefined)) {
      emulator.workiva.expireTokens();
      expiredAt = Date.now();
    }
  }, 2);
  return () => {
    clearInterval(timer);
    const rejected = emulator.log
      .filter({ service: "workiva", path: /^\/s\/wdata\// })
      .filter(
        (entry) => entry.status === 401 && expiredAt !== undefined && entry.startedAt >= expiredAt,
      ).length;
    return new Map([[s.label, rejected]]);
  };
}

/** Runs the Workiva phases on four stacks (singles, batch, token, quick); returns every result. */
export async function runWorkivaPhases(
  emulator: Emulator,
  stacks: { singles: Stack; batch: Stack; token: Stack; quick: Stack },
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const phase = async (
    stack: Stack,
    slots: RefreshSlot[],
    scenarios: Scenario[],
    trigger: string,
    options: { operation: Operation; read?: boolean; watch?: boolean },
  ) => {
    const since = Date.now();
    const up = () => stack.up(refreshProgram(slots, trigger, !options.read));
    if (options.read) {
      // Runs that are still running when `pulumi refresh` reads them.
      emulator.workiva.setRunMs(15_000);
      await stack.up(refreshProgram(slots, trigger, false));
      emulator.workiva.setRunMs(300);
    }
    results.push(
      ...(await runPhase({
        emulator,
        stack,
        scenarios,
        attempt: options.read ? () => stack.refresh() : up,
        recover: options.read ? () => stack.refresh() : up,
        during: options.watch ? () => tokenExpiry(emulator, scenarios[0]) : undefined,
        judge: (s) => {
          const slot = slots.find((candidate) => candidate.name === s.slot)!;
          return judgeRefresh(slot, {
            emulator,
            state: stack.state,
            operation: options.operation,
            since,
            expectedStatus: options.read ? "running" : "complete",
          });
        },
      })),
    );
  };
  await phase(stacks.singles, SINGLE_SLOTS, SINGLE_SCENARIOS.create ?? [], "t1", { operation: "create" });
  await phase(stacks.singles, SINGLE_SLOTS, SINGLE_SCENARIOS.update ?? [], "t2", { operation: "update" });
  await phase(stacks.singles, SINGLE_SLOTS, SINGLE_SCENARIOS.read ?? [], "t3", {
    operation: "read",
    read: true,
  });
  for (const [i, s] of BATCH_SCENARIOS.entries()) {
    await phase(stacks.batch, BATCH_SLOTS.slice(0, i + 1), [s], "b1", { operation: s.operation });
  }
  for (const [i, s] of TOKEN_SCENARIOS.entries()) {
    await phase(stacks.token, [TOKEN_SLOT], [s], `k${i + 1}`, { operation: s.operation, watch: true });
  }
  await stacks.quick.up(refreshProgram([QUICK_SLOT], "q1", false));
  await phase(stacks.quick, [QUICK_SLOT], [QUICK_SCENARIO], "q2", { operation: "update" });
  return results;
}
