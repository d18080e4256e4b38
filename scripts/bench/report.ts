/** The benchmark's stdout report: one table per pass, the goals, the notes. */
import { percentOver, withinMinimum } from "./goals";
import { SCENARIO_IDS } from "./options";
import type { BenchResult, PassResult, ScenarioResult, StepMeasure } from "./types";

/** S1 (source), S2 (schemas), S3 (refresh), whichever ran. */
const label = (scenario: ScenarioResult) => `S${SCENARIO_IDS.indexOf(scenario.id) + 1}`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number | undefined) => (bytes === undefined ? "-" : `${Math.round(bytes / 2 ** 20)} MB`);
const ratio = (a: number, b: number) => {
  if (b === 0) return "-";
  const r = a / b;
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}x`;
};

function pad(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd(),
  );
}

const HEADER = [
  "step",
  "wall",
  "expected",
  "calls",
  "min",
  "vs min",
  "polls",
  "429s",
  "naive calls",
  "naive wall",
  "calls ratio",
  "wall ratio",
  "__provider",
  "state file",
  "host RSS",
];
const RIGHT = new Set([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14]);

/** The table of one scenario: provider steps with their naive equivalents side by side. */
export function scenarioTable(scenario: ScenarioResult): string[] {
  const naiveOf = new Map<string, StepMeasure>(scenario.naive.map((n) => [n.step, n]));
  const rows = scenario.steps.map((step) => {
    const naive = naiveOf.get(step.step);
    return [
      step.step,
      sec(step.wallMs),
      step.callsCompared + step.calls.polls > 0 ? sec(step.expectedMs) : "-",
      String(step.callsCompared),
      String(step.minimum.calls),
      `${percentOver(step.callsCompared, step.minimum.calls)}${withinMinimum(step) ? "" : " !"}`,
      String(step.calls.polls),
      String(step.calls.throttled),
      naive ? String(naive.calls.total) : "-",
      naive ? sec(naive.wallMs) : "-",
      naive ? ratio(naive.calls.total, step.calls.total) : "-",
      naive ? ratio(naive.wallMs, step.wallMs) : "-",
      step.providerBytesMax > 0 ? `${step.providerBytesMax} B` : "-",
      kb(step.stateFileBytes),
      mb(step.hostPeakRssBytes),
    ];
  });
  return pad([HEADER, ...rows], RIGHT).map((line) => `  ${line}`);
}

/** The whole report of one pass. */
export function passReport(pass: PassResult, result: BenchResult): string[] {
  const latency = result.options.latencyMs as number;
  const lines = [
    "",
    `== ${pass.label}: ${latency} ms latency per request; naive client ${String(result.options.naiveConcurrency)} requests in flight ==`,
  ];
  pass.scenarios.forEach((scenario) => {
    lines.push("", `${label(scenario)} ${scenario.title}`, ...scenarioTable(scenario));
  });
  return lines;
}

/** Notes: how each minimum follows from the API, what the naive client does, the rate-limit figures. */
export function notesReport(result: BenchResult): string[] {
  const lines = ["", "Minimums (calls other than status polls):"];
  const first = result.passes[0];
  first?.scenarios.forEach((scenario) => {
    for (const step of scenario.steps) {
      if (step.step === "no-op up") continue;
      lines.push(`  ${label(scenario)} ${step.step}: ${step.minimum.calls} = ${step.minimum.note}`);
      if (step.minimum.apiFloor) {
        lines.push(`      API floor ${step.minimum.apiFloor.calls}: ${step.minimum.apiFloor.note}`);
      }
    }
  });
  lines.push("", "Notes:");
  first?.scenarios.forEach((scenario) =>
    scenario.notes.forEach((n) => lines.push(`  ${label(scenario)} ${n}`)),
  );
  result.notes.forEach((n) => lines.push(`  ${n}`));
  return lines;
}

/** The goals block. */
export function goalsReport(result: BenchResult): string[] {
  const lines = ["", "Goals (judged on the pass without rate limits):"];
  for (const goal of result.goals) {
    lines.push(`  [${goal.met ? "met" : "NOT MET"}] ${goal.goal}`);
    goal.figures.forEach((f) => lines.push(`      ${f}`));
  }
  return lines;
}

/** The full stdout report. */
export function fullReport(result: BenchResult): string {
  return [
    `pulumi-datasync bench ${result.startedAt} (node ${result.machine.node}, ${result.machine.cpus} CPUs, ` +
      `load ${result.machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(" ")} at start: timings are ` +
      `noisy when other work shares the machine)`,
    `empty program through the harness: ${sec(result.emptyRunMs.first)} first run (host boot), ` +
      `${sec(result.emptyRunMs.next)} next run (host booted ahead)`,
    ...(result.sdkFloor
      ? [
          `the SDK alone (scenario 2's program under bare setMocks, no host): ${result.sdkFloor.resources} ` +
            `resources ${sec(result.sdkFloor.registerMs)} with source maps ` +
            `${result.sdkFloor.sourceMaps ? "on" : "off"}, ${sec(result.sdkFloor.withoutSourceMapsMs)} off, ` +
            `+${sec(result.sdkFloor.firstMs)} for the first of its kind`,
        ]
      : []),
    ...result.passes.flatMap((pass) => passReport(pass, result)),
    ...goalsReport(result),
    ...notesReport(result),
  ].join("\n");
}
