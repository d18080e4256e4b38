/**
 * Input validation of the Refresh resource (run by `check`, so at preview, with no API call).
 *
 * Rules: `connections` is a list of 1 to 1000 entries with no duplicate ids; a connection id is
 * non-empty and free of '/', whitespace and '..' (it goes into URL paths); `timeoutSeconds` is
 * positive. The unknown placeholder of preview is accepted in place of any value. Every failure
 * names the property and the rule broken.
 */
import { z } from "zod";
import { REFRESH_DEFAULTS, type RefreshInputs } from "./refresh-types";
import { UNKNOWN_VALUE } from "./unknown";

/** Most connections one Refresh may hold. */
export const MAX_CONNECTIONS = 1000;

/** One failed rule, in the shape `check` returns (`property` is the path of the input, e.g. `connections[2]`). */
export interface InputFailure {
  /** The input that broke a rule, e.g. `connections`. */
  property: string;
  /** Which element and which rule, e.g. `connections[2].connectionId "a/b" must not contain '/'`. */
  reason: string;
}

/** Result of validating Refresh inputs. */
export interface ValidatedInputs {
  /** The inputs with defaults applied (unknown placeholders kept in place). */
  inputs: RefreshInputs;
  /** Broken rules; empty when the inputs are valid. */
  failures: InputFailure[];
}

/**
 * `schema`, or the unknown placeholder. Not a zod union: a union reports one vague issue, this
 * forwards every issue of `schema` with its path.
 */
function orUnknown(schema: z.ZodType) {
  return z.unknown().superRefine((value, ctx) => {
    if (value === UNKNOWN_VALUE) return;
    const result = schema.safeParse(value);
    if (result.success) return;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: "custom", path: issue.path, message: describeIssue(issue) });
    }
  });
}

/** Why a connection id is unusable, or undefined when it is fine. */
export function connectionIdProblem(id: string): string | undefined {
  if (id.length === 0) return "must not be empty";
  if (id.includes("/")) return "must not contain '/'";
  if (/\s/.test(id)) return "must not contain whitespace";
  if (id.includes("..")) return "must not contain '..'";
  return undefined;
}

const connectionId = z.string().superRefine((id, ctx) => {
  if (id === UNKNOWN_VALUE) return;
  const problem = connectionIdProblem(id);
  if (problem) ctx.addIssue({ code: "custom", message: `connection id ${JSON.stringify(id)} ${problem}` });
});

const parameterMap = orUnknown(z.record(z.string(), z.unknown()));

const connectionSpec = z.strictObject({
  connectionId,
  workspaceId: orUnknown(z.string()).optional(),
  sourceParameters: parameterMap.optional(),
  destinationParameters: parameterMap.optional(),
  usePreviousSourceParameters: orUnknown(z.boolean()).optional(),
  usePreviousDestinationParameters: orUnknown(z.boolean()).optional(),
});

/** An entry of `connections`: an id, or the long form. */
const connectionEntry = z.unknown().superRefine((entry, ctx) => {
  const schema =
    typeof entry === "string"
      ? connectionId
      : entry !== null && typeof entry === "object"
        ? connectionSpec
        : undefined;
  if (!schema) {
    ctx.addIssue({ code: "custom", message: "must be a connection id or { connectionId, ... }" });
    return;
  }
  const result = schema.safeParse(entry);
  if (result.success) return;
  for (const issue of result.error.issues) {
    ctx.addIssue({ code: "custom", path: issue.path, message: describeIssue(issue) });
  }
});

const connectionList = z
  .array(connectionEntry)
  .min(1, "must list at least one connection")
  .max(MAX_CONNECTIONS, `must list at most ${MAX_CONNECTIONS} connections`)
  .superRefine((entries, ctx) => {
    const seen = new Map<string, number>();
    entries.forEach((entry, index) => {
      const id =
        typeof entry === "string" ? entry : (entry as { connectionId?: unknown } | null)?.connectionId;
      if (typeof id !== "string" || id === UNKNOWN_VALUE) return;
      const first = seen.get(id);
      if (first === undefined) seen.set(id, index);
      else
        ctx.addIssue({
          code: "custom",
          path: [index],
          message: `duplicate connection id ${JSON.stringify(id)} (also at connections[${first}])`,
        });
    });
  });

const refreshInputSchema = z.object({
  connections: orUnknown(connectionList.optional()).refine((v) => v !== undefined, "is required"),
  triggers: z.unknown().optional(),
  workspaceId: orUnknown(z.string()).optional(),
  cancelUnwritables: orUnknown(z.boolean()).optional(),
  waitForCompletion: orUnknown(z.boolean()).optional(),
  timeoutSeconds: orUnknown(z.number().finite().positive("must be a positive number of seconds")).optional(),
  failOnError: orUnknown(z.boolean()).optional(),
});

/**
 * Validates the inputs `check` receives (`__provider` and other host fields are ignored) and
 * applies the defaults of the optional inputs.
 */
export function validateRefreshInputs(news: Record<string, unknown>): ValidatedInputs {
  const parsed = refreshInputSchema.safeParse(news);
  const failures = parsed.success ? [] : parsed.error.issues.map(toFailure);
  const raw = news as Partial<RefreshInputs>;
  const inputs: RefreshInputs = {
    connections: raw.connections ?? [],
    cancelUnwritables: raw.cancelUnwritables ?? REFRESH_DEFAULTS.cancelUnwritables,
    waitForCompletion: raw.waitForCompletion ?? REFRESH_DEFAULTS.waitForCompletion,
    timeoutSeconds: raw.timeoutSeconds ?? REFRESH_DEFAULTS.timeoutSeconds,
    failOnError: raw.failOnError ?? REFRESH_DEFAULTS.failOnError,
  };
  if (raw.triggers !== undefined) inputs.triggers = raw.triggers;
  if (raw.workspaceId !== undefined) inputs.workspaceId = raw.workspaceId;
  return { inputs, failures: dedupe(failures) };
}

/** A zod issue as a check failure: the property path (`connections[2].connectionId`) and the rule. */
function toFailure(issue: z.core.$ZodIssue): InputFailure {
  const [top, ...rest] = issue.path;
  const property =
    (top === undefined ? "inputs" : String(top)) +
    rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  return { property, reason: describeIssue(issue) };
}

/** The rule an issue broke, in words. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown field(s) ${issue.keys.join(", ")}`;
  if (issue.code === "invalid_type") {
    return issue.message.endsWith("received undefined")
      ? "is required"
      : `must be ${article(issue.expected)}`;
  }
  return issue.message;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function dedupe(failures: InputFailure[]): InputFailure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const key = `${f.property}\u0000${f.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
