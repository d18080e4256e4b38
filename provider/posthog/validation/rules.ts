/**
 * Zod building blocks for `check`: every field tolerates the unknown placeholder, and every
 * failure message names the allowed values.
 */
import { z } from "zod";
import { isUnknown } from "../common/unknown";

/** One check failure, as the host reports it: the property path and why. */
export interface CheckFailure {
  /** Property path, e.g. `schemas[2].syncType` or `jobInputs`. */
  property: string;
  /** What is wrong and what is allowed. */
  reason: string;
}

/**
 * Wraps a schema so that the unknown placeholder passes (at this level); other issues are kept.
 * When `schema` accepts undefined, the wrapped field is optional in an object.
 */
export function tolerant<T extends z.ZodType>(schema: T): z.ZodType<unknown> {
  const wrapped = z.unknown().superRefine((value, ctx) => {
    if (isUnknown(value)) return;
    const result = schema.safeParse(value);
    if (result.success) return;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    }
  });
  return schema.safeParse(undefined).success ? z.optional(wrapped) : wrapped;
}

/** A value from a fixed list; the message lists the allowed values. */
export function oneOf(values: readonly [string, ...string[]]): z.ZodType<string> {
  return z.enum(values as [string, ...string[]], {
    error: (issue) =>
      issue.input === undefined
        ? `is required; allowed values: ${values.join(", ")}`
        : `${JSON.stringify(issue.input)} is not allowed; allowed values: ${values.join(", ")}`,
  });
}

/** A non-empty string. */
export function nonEmptyString(what = "a non-empty string"): z.ZodType<string> {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `is required (${what})` : `must be ${what}`) })
    .min(1, { error: `must be ${what}` });
}

/**
 * Why an id that goes into a URL path is unusable, or undefined when it is fine. `..` and `.` would
 * be resolved as path segments (`external_data_sources/../` is the project itself).
 */
export function pathIdProblem(id: string): string | undefined {
  if (id === "." || id.includes("..")) return "must not be '.' or contain '..'";
  if (/[/\\]/.test(id)) return "must not contain '/' or '\\'";
  if (/[\s?#%]/.test(id)) return "must not contain whitespace, '?', '#' or '%'";
  return undefined;
}

/** A non-empty string that is safe as a URL path segment (see {@link pathIdProblem}). */
export function pathId(what: string): z.ZodType<string> {
  return nonEmptyString(what).superRefine((id, ctx) => {
    const problem = pathIdProblem(id);
    if (problem) ctx.addIssue({ code: "custom", message: `${JSON.stringify(id)} ${problem} (${what})` });
  });
}

/** A boolean. */
export function bool(): z.ZodType<boolean> {
  return z.boolean({ error: "must be true or false" });
}

/** Turns zod issues into host check failures (`a.b[2].c` paths), without duplicates. */
export function toFailures(error: z.ZodError): CheckFailure[] {
  const seen = new Set<string>();
  const failures: CheckFailure[] = [];
  for (const issue of error.issues) {
    const property = formatPath(issue.path);
    const key = `${property}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    failures.push({ property, reason: issue.message });
  }
  return failures;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
