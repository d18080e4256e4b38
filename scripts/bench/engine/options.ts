/** Options of the engine benchmark: the harness bench's options plus the engine's own flags. */
import { USAGE, parseOptions, type BenchOptions } from "../options";
import type { Variant } from "./program/spec";

const VARIANTS: readonly Variant[] = ["floor", "ours", "naive"];

/** What the engine benchmark runs and how. */
export interface EngineOptions extends BenchOptions {
  /** Folder of the CLI's binaries (default: `.pulumi-cli/bin`, else PATH). */
  cliDir?: string;
  /** Variants to run, in turn order (default floor, ours, naive). */
  variants: Variant[];
  /** Keep the working folder (projects, state files, logs). */
  keep: boolean;
  /** Parent of the working folder (default: the system's temp folder). */
  workParent?: string;
  /** How the program gets pulumi-datasync: a real install (`copy`, default) or a symlink (`link`). */
  install: "copy" | "link";
  /** PULUMI_PARALLEL for every variant (the engine's default: 4 x the CPUs). */
  parallel?: number;
  /** DATASYNC_SCHEMA_BATCH_MS for ours (the provider's default when absent). */
  batchMs?: number;
  /** Runs of every step per variant; the report takes the median wall time. */
  repeat: number;
}

/** Usage of `npm run bench:engine -- --help`. */
export const ENGINE_USAGE = [
  "npm run bench:engine [-- options]   (or npm run bench -- --engine [options])",
  "  --cli DIR".padEnd(26) +
    "(env PULUMI_CLI_DIR) folder of pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs",
  "  --variants A,B".padEnd(26) +
    `(env BENCH_VARIANTS) among ${VARIANTS.join(", ")}; floor and ours are needed for the goals`,
  "  --install copy|link".padEnd(26) +
    "copy (default): the package really in node_modules, as npm installs it; link: a symlink (npm link)",
  "  --repeat N".padEnd(26) +
    "(env BENCH_REPEAT, default 1) whole lifecycles per variant; figures of the median run",
  "  --parallel N".padEnd(26) + "PULUMI_PARALLEL for every variant (default: the engine's, 4 x the CPUs)",
  "  --batch-ms N".padEnd(26) + "DATASYNC_SCHEMA_BATCH_MS for ours (default: the provider's)",
  "  --keep".padEnd(26) + "keep the working folder (projects, state files, CLI logs)",
  "  --work DIR".padEnd(26) + "parent of the working folder (default: the system's temp folder)",
  "shared with npm run bench (the pass with rate limits does not apply here):",
  ...USAGE.split("\n")
    .slice(1)
    .filter((line) => !line.includes("--no-limits-pass")),
].join("\n");

function positive(name: string, raw: string, min = 1): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} takes a whole number >= ${min}; got "${raw}"`);
  return n;
}

function parseVariants(raw: string): Variant[] {
  const list = raw.split(",").map((v) => v.trim());
  const bad = list.filter((v) => !(VARIANTS as readonly string[]).includes(v));
  if (bad.length > 0 || list.length === 0)
    throw new Error(`--variants takes ${VARIANTS.join(", ")}; got "${raw}"`);
  return list as Variant[];
}

/** Options from flags over environment variables over defaults; `--engine` itself is ignored. */
export function parseEngineOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): EngineOptions {
  const rest: string[] = [];
  const own: Partial<EngineOptions> = {};
  const args = argv.flatMap((arg) =>
    arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg],
  );
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (!v) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--engine") continue;
    else if (arg === "--cli") own.cliDir = value();
    else if (arg === "--variants") own.variants = parseVariants(value());
    else if (arg === "--keep") own.keep = true;
    else if (arg === "--work") own.workParent = value();
    else if (arg === "--parallel") own.parallel = positive(arg, value());
    else if (arg === "--batch-ms") own.batchMs = positive(arg, value(), 0);
    else if (arg === "--repeat") {
      own.repeat = Number(value());
      if (!Number.isInteger(own.repeat) || own.repeat < 1)
        throw new Error("--repeat takes a whole number >= 1");
    } else if (arg === "--install") {
      const mode = value();
      if (mode !== "copy" && mode !== "link") throw new Error(`--install takes copy or link; got "${mode}"`);
      own.install = mode;
    } else rest.push(arg);
  }
  const base = parseOptions(rest, env, log);
  return {
    ...base,
    limitsPass: false,
    cliDir: own.cliDir ?? (env.PULUMI_CLI_DIR?.trim() || undefined),
    variants:
      own.variants ?? (env.BENCH_VARIANTS?.trim() ? parseVariants(env.BENCH_VARIANTS) : [...VARIANTS]),
    keep: own.keep ?? false,
    workParent: own.workParent,
    install: own.install ?? "copy",
    ...(own.parallel !== undefined ? { parallel: own.parallel } : {}),
    ...(own.batchMs !== undefined ? { batchMs: own.batchMs } : {}),
    repeat: own.repeat ?? (Number(env.BENCH_REPEAT?.trim()) || 1),
  };
}
