/** Sizes in a file backend's state file: per resource, and of the `__provider` copies. */
import * as fs from "fs";
import * as path from "path";
import type { StateFigures } from "./types";

const PROVIDER_KEY = "__provider";
const DYNAMIC = "pulumi-nodejs:dynamic";

interface StateResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** The state file of `stack` of `project` in a file backend rooted at `backendDir`. */
export function stateFile(backendDir: string, project: string, stack: string): string {
  return path.join(backendDir, ".pulumi", "stacks", project, `${stack}.json`);
}

const providerLength = (value: unknown) => (typeof value === "string" ? Buffer.byteLength(value) : 0);

/** The resources of a checkpoint file's text (`{checkpoint: {latest: {resources}}}`). */
export function stateResources(text: string): StateResource[] {
  const parsed = JSON.parse(text) as { checkpoint?: { latest?: { resources?: StateResource[] } } };
  return parsed.checkpoint?.latest?.resources ?? [];
}

/**
 * Figures of a state file's text. A resource's bytes are its entry as the file writes it: compact
 * JSON on one line (the file backend of CLI 3.276), or indented four spaces, three levels deep
 * (`checkpoint.latest.resources[i]`) in a pretty-printed file.
 */
export function stateFigures(text: string): StateFigures {
  const dynamic = stateResources(text).filter((r) => r.type.startsWith(DYNAMIC));
  const pretty = text.trimEnd().includes("\n");
  const entryBytes = dynamic.map((r) =>
    Buffer.byteLength(
      pretty ? JSON.stringify(r, null, 4).replace(/\n/g, `\n${" ".repeat(12)}`) : JSON.stringify(r),
    ),
  );
  const providers = dynamic.flatMap((r) => [
    providerLength(r.inputs?.[PROVIDER_KEY]),
    providerLength(r.outputs?.[PROVIDER_KEY]),
  ]);
  const mean = (values: number[]) =>
    values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : 0;
  return {
    fileBytes: Buffer.byteLength(text),
    resources: dynamic.length,
    bytesPerResource: mean(entryBytes),
    providerBytes: Math.max(0, ...providers),
    providerBytesInState: providers.reduce((a, b) => a + b, 0),
    inputBytesPerResource: mean(dynamic.map((r) => Buffer.byteLength(JSON.stringify(r.inputs ?? {})))),
    outputBytesPerResource: mean(dynamic.map((r) => Buffer.byteLength(JSON.stringify(r.outputs ?? {})))),
  };
}

/** Figures of the state file, or undefined when there is none. */
export function readStateFigures(file: string): StateFigures | undefined {
  return fs.existsSync(file) ? stateFigures(fs.readFileSync(file, "utf8")) : undefined;
}
