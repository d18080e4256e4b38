/**
 * Where the field definitions `check` validates `jobInputs` against come from: the PostHog
 * instance the program points at (`GET external_data_sources/wizard/`, asked once per provider
 * process and project), so every source type that instance has is validated, including types
 * added after this release. When it cannot be asked (no API key or project yet, offline, an
 * error, an old instance without the endpoint) the built-in catalogue is used.
 */
import { posthogClient } from "../api/connection";
import { errorText } from "../common/init-failed";
import { builtInDefinitions } from "./catalogue";
import type { SourceDefinition, SourceDefinitions } from "./field-definitions";
import { definitionsFromWizard } from "./wizard";
import { pathIdProblem } from "../validation/rules";

/** The definitions and where they come from. */
export interface DefinitionsLookup {
  definitions: SourceDefinitions;
  /** `instance`: the PostHog instance answered; `built-in`: the catalogue (see `reason`). */
  origin: "instance" | "built-in";
  /** Why the instance's definitions are not used. */
  reason?: string;
}

const lookups = new Map<string, Promise<DefinitionsLookup>>();
/** The instance's definitions once a lookup of this process has settled with them. */
let settled: SourceDefinitions | undefined;

/** The built-in catalogue, with why it is used. */
export function builtInLookup(reason: string): DefinitionsLookup {
  return { definitions: builtInDefinitions(), origin: "built-in", reason };
}

/** The catalogue with the instance's definitions laid over it (the instance wins per type). */
export function mergedDefinitions(fromInstance: readonly SourceDefinition[]): SourceDefinitions {
  const merged = builtInDefinitions();
  for (const definition of fromInstance) merged.set(definition.sourceType, definition);
  return merged;
}

async function ask(projectId: string | undefined): Promise<DefinitionsLookup> {
  let client;
  try {
    client = posthogClient(projectId);
  } catch (error) {
    return builtInLookup(`PostHog is not configured yet (${errorText(error)})`);
  }
  try {
    const fromInstance = definitionsFromWizard(await client.sourceWizard());
    if (fromInstance.length === 0) return builtInLookup("the instance listed no source definitions");
    return { definitions: mergedDefinitions(fromInstance), origin: "instance" };
  } catch (error) {
    return builtInLookup(`the instance's definitions could not be read (${errorText(error)})`);
  }
}

/**
 * The source definitions of the configured PostHog instance, read once per process (they are the
 * instance's, the same for every project: the first project asked, `projectId` or the configured
 * one, serves). A project id that is not usable in a URL is never sent.
 */
export function sourceDefinitions(projectId?: string): Promise<DefinitionsLookup> {
  const key = "instance";
  if (projectId !== undefined && pathIdProblem(projectId)) projectId = undefined;
  let lookup = lookups.get(key);
  if (!lookup) {
    lookup = ask(projectId);
    lookups.set(key, lookup);
    void lookup.then((result) => {
      if (result.origin === "instance") settled = result.definitions;
    });
  }
  return lookup;
}

/**
 * The definition of `sourceType` without asking PostHog: the instance's when this process has
 * read them already (check runs before create and update), else the built-in one, else undefined.
 */
export function knownDefinition(sourceType: string): SourceDefinition | undefined {
  return (settled ?? builtInDefinitions()).get(sourceType);
}

/** Forgets what was read (tests). */
export function forgetDefinitions(): void {
  lookups.clear();
  settled = undefined;
}
