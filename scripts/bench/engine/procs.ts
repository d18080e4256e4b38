/**
 * Samples a command's process tree from /proc while it runs (Linux): CPU time and peak RSS per
 * kind of process (the pulumi engine, its language host, the program's node, the dynamic provider
 * host). Elsewhere it samples nothing and the figures are absent.
 */
import * as fs from "fs";
import type { ProcessRole } from "./types";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface Seen {
  pid: number;
  role: string;
  cpuMs: number;
  peakRssBytes: number;
  firstSeenMs: number;
  lastSeenMs: number;
}

/** What kind of process a command line is. */
export function roleOf(cmdline: string, isRoot: boolean): string {
  if (isRoot) return "cli";
  if (cmdline.includes("pulumi-language-nodejs")) return "language-host";
  if (cmdline.includes("dynamic-provider")) return "provider-host";
  if (/@pulumi[\\/]pulumi[\\/]cmd[\\/]run/.test(cmdline) || cmdline.includes("run-plugin")) return "program";
  if (cmdline.includes("pulumi-resource-pulumi-nodejs")) return "provider-host";
  return "other";
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined; // the process has exited
  }
}

/**
 * The children of `pid`, from every thread's `children` file (a Go program starts its children
 * from any of its threads; needs CONFIG_PROC_CHILDREN, which every mainstream kernel has).
 */
function children(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((tid) => {
    const text = read(`/proc/${pid}/task/${tid}/children`);
    return text ? text.trim().split(/\s+/).filter(Boolean).map(Number) : [];
  });
}

/** utime + stime of /proc/<pid>/stat, in ms. */
function cpuMs(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** VmHWM (peak resident set) of /proc/<pid>/status, in bytes. */
function peakRss(pid: number): number | undefined {
  const match = /VmHWM:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? "");
  return match ? Number(match[1]) * 1024 : undefined;
}

/** A running sampler of one process tree. */
export class ProcessSampler {
  private readonly seen = new Map<number, Seen>();
  private readonly timer?: NodeJS.Timeout;
  private readonly started = performance.now();

  constructor(
    private readonly rootPid: number,
    intervalMs = 50,
  ) {
    if (process.platform !== "linux") return;
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Takes one sample of every live process in the tree. */
  sample(): void {
    const now = performance.now() - this.started;
    const queue = [this.rootPid];
    while (queue.length > 0) {
      const pid = queue.shift() as number;
      const cpu = cpuMs(pid);
      if (cpu === undefined) continue;
      let entry = this.seen.get(pid);
      if (!entry) {
        const cmdline = (read(`/proc/${pid}/cmdline`) ?? "").replace(/\0/g, " ");
        entry = {
          pid,
          role: roleOf(cmdline, pid === this.rootPid),
          cpuMs: 0,
          peakRssBytes: 0,
          firstSeenMs: now,
          lastSeenMs: now,
        };
        this.seen.set(pid, entry);
      } else if (entry.role === "other" || entry.role === "provider-host") {
        // a shell script that execs node keeps its pid: look again at what it runs now
        const cmdline = (read(`/proc/${pid}/cmdline`) ?? "").replace(/\0/g, " ");
        if (cmdline) entry.role = roleOf(cmdline, false);
      }
      entry.cpuMs = Math.max(entry.cpuMs, cpu);
      entry.peakRssBytes = Math.max(entry.peakRssBytes, peakRss(pid) ?? 0);
      entry.lastSeenMs = now;
      queue.push(...children(pid));
    }
  }

  /** Stops sampling; returns the figures per role. */
  stop(): ProcessRole[] {
    if (this.timer) clearInterval(this.timer);
    const roles = new Map<string, ProcessRole>();
    for (const s of this.seen.values()) {
      const r = roles.get(s.role) ?? {
        role: s.role,
        count: 0,
        pids: [] as number[],
        cpuMs: 0,
        peakRssBytes: 0,
        firstSeenMs: s.firstSeenMs,
        lastSeenMs: s.lastSeenMs,
      };
      r.count += 1;
      r.pids.push(s.pid);
      r.cpuMs += s.cpuMs;
      r.peakRssBytes = Math.max(r.peakRssBytes, s.peakRssBytes);
      r.firstSeenMs = Math.min(r.firstSeenMs, s.firstSeenMs);
      r.lastSeenMs = Math.max(r.lastSeenMs, s.lastSeenMs);
      roles.set(s.role, r);
    }
    return [...roles.values()].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
  }
}

const ROLE_ORDER = ["cli", "language-host", "program", "provider-host", "other"];
