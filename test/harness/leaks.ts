import * as fs from "fs";
import * as os from "os";
import { StackState } from "./state";
import { JsonValue, PROVIDER_KEY, PropertyMap } from "./wire";
import { REPO_ROOT } from "./workspace";

/** What {@link findLeaks} looks for. */
export interface LeakCheckOptions {
  /** Secret values given to the program or the provider (config, env). At least 4 characters each. */
  secrets: string[];
  /** Extra patterns that must not appear in any `__provider`. */
  forbidden?: RegExp[];
  /** Absolute paths that must not appear in any `__provider` (default: {@link machinePaths}). */
  paths?: string[];
  /** Other texts that must contain no secret, by name (e.g. the state file, host stderr, error messages). */
  texts?: Record<string, string>;
}

/** One leak: where it is and what leaked (secrets are named by index, never printed). */
export interface Leak {
  where: string;
  what: string;
}

/** The machine's absolute paths that serialized code must not capture: repo, cwd, home, tmp (and realpaths). */
export function machinePaths(): string[] {
  const paths = [REPO_ROOT, process.cwd(), os.homedir(), os.tmpdir()];
  const withReal = paths.flatMap((p) => {
    try {
      return [p, fs.realpathSync(p)];
    } catch {
      return [p];
    }
  });
  return [...new Set(withReal)].filter((p) => p.length > 1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every string (values and keys) in a JSON value. */
function stringsIn(value: JsonValue | undefined): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)]);
  }
  return [];
}

function secretsIn(texts: string[], secrets: string[]): number[] {
  return secrets.flatMap((s, i) => (texts.some((t) => t.includes(s)) ? [i + 1] : []));
}

/**
 * Finds leaks in a stack state: a `__provider` (in inputs or outputs) that contains a secret, an
 * absolute path of this machine or a forbidden pattern; a secret in an input, output or stack
 * output not marked secret; a secret in any of `texts`.
 */
export function findLeaks(state: StackState, options: LeakCheckOptions): Leak[] {
  const short = options.secrets.filter((s) => s.length < 4);
  if (short.length > 0)
    throw new Error("findLeaks: secrets shorter than 4 characters cannot be checked reliably");
  // A path counts when followed by a separator, a quote or the end (so "/tmp" does not match "/tmpl").
  const pathPatterns = (options.paths ?? machinePaths()).map((p) => ({
    path: p,
    re: new RegExp(`${escapeRegExp(p)}(?=[/\\\\"'\`:]|$)`),
  }));
  const leaks: Leak[] = [];
  const secretLeaks = (where: string, strings: string[]): void => {
    for (const n of secretsIn(strings, options.secrets)) leaks.push({ where, what: `secret #${n}` });
  };
  const nonSecret = (where: string, props: PropertyMap, secretKeys: string[]): void => {
    for (const [k, v] of Object.entries(props)) {
      if (k !== PROVIDER_KEY && !secretKeys.includes(k))
        secretLeaks(`${where}.${k} (not secret)`, stringsIn(v));
    }
  };

  for (const r of state.resources) {
    for (const side of ["inputs", "outputs"] as const) {
      const provider = r[side][PROVIDER_KEY];
      if (typeof provider === "string") {
        const where = `${r.urn} ${side}.${PROVIDER_KEY}`;
        secretLeaks(where, [provider]);
        for (const { path, re } of pathPatterns)
          if (re.test(provider)) leaks.push({ where, what: `absolute path ${path}` });
        for (const re of options.forbidden ?? [])
          if (re.test(provider)) leaks.push({ where, what: `forbidden ${re}` });
      }
    }
    nonSecret(`${r.urn} inputs`, r.inputs, r.secretInputs);
    nonSecret(`${r.urn} outputs`, r.outputs, r.secretOutputs);
  }
  nonSecret("stack outputs", state.outputs, state.secretOutputs);
  for (const [name, text] of Object.entries(options.texts ?? {})) secretLeaks(name, [text]);
  return leaks;
}

/** Throws an error listing every leak {@link findLeaks} finds. */
export function assertNoLeaks(state: StackState, options: LeakCheckOptions): void {
  const leaks = findLeaks(state, options);
  if (leaks.length > 0) {
    throw new Error(`${leaks.length} leak(s):\n${leaks.map((l) => `  ${l.where}: ${l.what}`).join("\n")}`);
  }
}
