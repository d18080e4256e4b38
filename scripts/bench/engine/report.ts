/** The engine benchmark's stdout report: one table per scenario, the goals with verdicts, notes. */
import { percentOver } from "../goals";
import { stepOf } from "./goals";
import type { EngineBenchResult, EngineScenario, EngineStep } from "./types";

const sec = (ms: number | undefined) => (ms === undefined ? "-" : `${(ms / 1000).toFixed(2)} s`);
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? "-" : `${(a / b).toFixed(2)}x`;
const mb = (bytes: number | undefined) => (bytes ? `${Math.round(bytes / 2 ** 20)}` : "-");
const hostRss = (step: EngineStep | undefined) =>
  step?.processes.find((p) => p.role === "provider-host")?.peakRssBytes;

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join("  ")
      .trimEnd(),
  );
}

const HEADER = [
  "step",
  "floor",
  "ours",
  "naive",
  "ours/floor",
  "naive/ours",
  "calls",
  "min",
  "vs min",
  "naive calls",
  "B/resource ours",
  "floor",
  "ours/floor",
  "__provider",
  "floor",
  "host RSS MB ours/floor/naive",
];

/** The table of one scenario: the three variants side by side, step by step. */
export function engineScenarioTable(scenario: EngineScenario): string[] {
  const names = scenario.variants[0]?.steps.map((st) => st.step) ?? [];
  const rows = names.map((name) => {
    const floor = stepOf(scenario, "floor", name);
    const ours = stepOf(scenario, "ours", name);
    const naive = stepOf(scenario, "naive", name);
    const minimum = scenario.minimums[name];
    return [
      name,
      sec(floor?.wallMs),
      sec(ours?.wallMs),
      sec(naive?.wallMs),
      ratio(ours?.wallMs, floor?.wallMs),
      ratio(naive?.wallMs, ours?.wallMs),
      ours ? `${ours.callsCompared}${ours.calls.polls ? `+${ours.calls.polls}p` : ""}` : "-",
      minimum ? String(minimum.calls) : "-",
      ours && minimum ? percentOver(ours.callsCompared, minimum.calls) : "-",
      naive ? `${naive.calls.total}` : "-",
      ours?.state?.resources ? String(ours.state.bytesPerResource) : "-",
      floor?.state?.resources ? String(floor.state.bytesPerResource) : "-",
      ours?.state?.resources && floor?.state?.resources
        ? ratio(ours.state.bytesPerResource, floor.state.bytesPerResource)
        : "-",
      ours?.state?.providerBytes ? `${ours.state.providerBytes} B` : "-",
      floor?.state?.providerBytes ? `${floor.state.providerBytes} B` : "-",
      `${mb(hostRss(ours))}/${mb(hostRss(floor))}/${mb(hostRss(naive))}`,
    ];
  });
  return pad([HEADER, ...rows]).map((line) => `  ${line}`);
}

/** The whole report. */
export function engineReport(result: EngineBenchResult): string {
  const o = result.options;
  const lines = [
    "",
    `== Through the real engine (${result.cli.version}): ${String(o.latencyMs)} ms latency per request, rate limits off; ` +
      `naive providers ${String(o.naiveConcurrency)} requests in flight ==`,
    `   walls: preview; up/destroy with --skip-preview; calls ours (+p: status polls); B/resource: one resource's entry in the state file`,
  ];
  result.scenarios.forEach((scenario, i) => {
    lines.push(
      "",
      `S${["source", "schemas", "refresh"].indexOf(scenario.id) + 1} ${scenario.title}`,
      ...engineScenarioTable(scenario),
    );
    for (const note of scenario.notes) lines.push(`  - ${note}`);
    void i;
  });
  lines.push("", "Goals:");
  for (const goal of result.goals) {
    lines.push(`  [${goal.met ? "met" : "NOT MET"}] ${goal.goal}`);
    for (const line of goal.lines) lines.push(`      ${line.met ? "met    " : "MISSED "} ${line.text}`);
    if (goal.breakdown.length > 0)
      lines.push("    breakdown of the missed lines:", ...goal.breakdown.map((l) => `  ${l}`));
  }
  lines.push("", "Notes:", ...result.notes.map((n) => `  - ${n}`));
  return lines.join("\n");
}
