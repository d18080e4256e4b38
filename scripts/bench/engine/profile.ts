/**
 * Summarises the CPU profiles node writes with `--cpu-prof` (one per process, named with its pid):
 * self time per process role and per place the code lives (our package, the Pulumi SDK, gRPC and
 * protobuf, other packages, node itself, garbage collection).
 */
import * as fs from "fs";
import * as path from "path";
import type { ProcessRole, ProfileSummary } from "./types";

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function's code lives. */
export function bucketOf(url: string, functionName: string): string {
  if (!url)
    return functionName === "(garbage collector)" ? "gc" : functionName === "(idle)" ? "idle" : "node";
  if (url.startsWith("node:")) return "node";
  if (/[\\/]dist[\\/]provider[\\/]/.test(url) && !url.includes("node_modules/@pulumi"))
    return "pulumi-datasync";
  if (url.includes("@pulumi/pulumi")) return "@pulumi/pulumi";
  if (/@grpc|google-protobuf|protobufjs/.test(url)) return "grpc+protobuf";
  const pkg = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(url);
  if (pkg) return "other packages";
  return "program";
}

/** Self time (ms) per bucket of one profile. */
export function selfTimeByBucket(profile: CpuProfile): Record<string, number> {
  const bucketOfNode = new Map(
    profile.nodes.map((n) => [n.id, bucketOf(n.callFrame.url, n.callFrame.functionName)]),
  );
  const out: Record<string, number> = {};
  profile.samples.forEach((id, i) => {
    const bucket = bucketOfNode.get(id) ?? "node";
    out[bucket] = (out[bucket] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  });
  for (const key of Object.keys(out)) out[key] = Math.round(out[key]);
  return out;
}

/** Self time per role and bucket of every profile in `dir` (absent roles: no profile was written). */
export function summarizeProfiles(dir: string, processes: ProcessRole[]): ProfileSummary {
  const roleOfPid = new Map(processes.flatMap((r) => r.pids.map((pid) => [pid, r.role] as const)));
  const byRole: ProfileSummary["byRole"] = {};
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")) : [];
  for (const file of files) {
    const pid = Number(file.split(".")[3]);
    const role = roleOfPid.get(pid) ?? "other";
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
    const into = (byRole[role] ??= {});
    for (const [bucket, ms] of Object.entries(selfTimeByBucket(profile)))
      into[bucket] = (into[bucket] ?? 0) + ms;
  }
  return { byRole };
}
