/**
 * Source configuration (`payload` at create, `job_inputs` after), per source type: what create and
 * PATCH check and store, and what GET shows. The pieces live in config-class.ts (validation and
 * normalisation), credentials.ts, job-inputs-redaction.ts and job-inputs-patch.ts.
 */
import {
  ConfigConversionError,
  configClass,
  normaliseConfig,
  validateConfig,
  type ConfigNode,
} from "./config-class";
import type { SourceDefinition } from "./field-definitions";
import { redactJobInputs, redactUndefinedJobInputs } from "./job-inputs-redaction";

/** The result of checking a configuration: PostHog's errors, or what it stores. */
export type ConfigCheck = { errors: string[] } | { stored: Record<string, unknown> };

const classes = new WeakMap<SourceDefinition, ConfigNode[]>();

function classOf(definition: SourceDefinition): ConfigNode[] {
  let nodes = classes.get(definition);
  if (!nodes) {
    nodes = configClass(definition);
    classes.set(definition, nodes);
  }
  return nodes;
}

/**
 * PostHog's `validate_config` then parse + serialize. Types without a definition (**choice**) store
 * what was sent. A value a converter cannot read (`port: "abc"`) is reported as an error here
 * (**choice**: PostHog would fail with a 500).
 */
export function checkConfig(
  definition: SourceDefinition | undefined,
  inputs: Record<string, unknown>,
): ConfigCheck {
  const sent = { ...inputs };
  delete sent.schemas;
  if (!definition) return { stored: sent };
  const nodes = classOf(definition);
  const errors = validateConfig(nodes, sent);
  if (errors.length > 0) return { errors };
  try {
    return { stored: normaliseConfig(nodes, sent) };
  } catch (error) {
    if (error instanceof ConfigConversionError) return { errors: [error.message] };
    throw error;
  }
}

/** `Invalid source config: ...` as PostHog words it. */
export const invalidConfigMessage = (errors: string[]): string =>
  `Invalid source config: ${errors.join(", ")}`;

/** `job_inputs` as GET shows them. */
export function readJobInputs(
  definition: SourceDefinition | undefined,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  return definition ? redactJobInputs(definition, stored) : redactUndefinedJobInputs(stored);
}

/** Strips surrounding whitespace from top-level string values, as PostHog does with `payload`. */
export function trimStrings(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => [key, typeof value === "string" ? value.trim() : value]),
  );
}
