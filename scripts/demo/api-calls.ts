import type { LoggedRequest } from "../../test/emulator";

/** `/api/projects/1/external_data_sources/0b7f.../` -> `/api/projects/1/external_data_sources/:id/` */
function templatePath(path: string): string {
  return path
    .replace(/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "/:id")
    .replace(/\/(conn|job|batch|run)-[A-Za-z0-9_.-]+/g, "/:$1Id");
}

/** API calls grouped by method and templated path, most frequent first. */
export function summariseCalls(
  entries: LoggedRequest[],
): { call: string; count: number; statuses: string }[] {
  const groups = new Map<string, { count: number; statuses: Map<number, number> }>();
  for (const e of entries) {
    const call = `${e.method} ${templatePath(e.path)}`;
    const group = groups.get(call) ?? { count: 0, statuses: new Map() };
    group.count += 1;
    group.statuses.set(e.status, (group.statuses.get(e.status) ?? 0) + 1);
    groups.set(call, group);
  }
  return [...groups.entries()]
    .map(([call, g]) => ({
      call,
      count: g.count,
      statuses: [...g.statuses.entries()].map(([s, n]) => `${s}x${n}`).join(" "),
    }))
    .sort((a, b) => b.count - a.count || a.call.localeCompare(b.call));
}

/** The API calls of one step as an indented table. */
export function formatCalls(entries: LoggedRequest[]): string {
  if (entries.length === 0) return "  API calls: none";
  const rows = summariseCalls(entries);
  const width = Math.max(...rows.map((r) => r.call.length));
  return [
    `  API calls: ${entries.length}`,
    ...rows.map((r) => `    ${String(r.count).padStart(4)}  ${r.call.padEnd(width)}  (${r.statuses})`),
  ].join("\n");
}
