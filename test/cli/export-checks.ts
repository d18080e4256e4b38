/**
 * What `pulumi stack export` must never hold: a credential or secret input in plaintext, a
 * `__provider` over our limit, or a path of this machine.
 */
import { findLeaks, machinePaths } from "../harness/leaks";
import type { StackState } from "../harness/state";
import type { StackExport } from "./cli-project";

/** Our limit for one serialized `__provider` (it is stored twice per resource, pulumi#1393). */
export const PROVIDER_LIMIT_BYTES = 4096;

/** The `__provider` sizes of an export, by resource name. */
export function providerSizes(exported: StackExport): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const r of exported.deployment.resources ?? []) {
    const provider = r.inputs?.__provider;
    if (typeof provider === "string") sizes[r.urn.split("::").pop()!] = Buffer.byteLength(provider);
  }
  return sizes;
}

/**
 * Asserts the export text holds none of `secrets` and no machine path, every `__provider` is within
 * the limit, and (through the harness's leak finder) no secret sits in an unmarked output.
 */
export function assertCleanExport(
  exported: { text: string; deployment: StackExport },
  secrets: string[],
): void {
  const { text, deployment } = exported;
  expect(secrets.filter((s) => text.includes(s)).map((_, i) => `secret #${i + 1} in plaintext`)).toEqual([]);
  // Paths inside __provider only: the export legitimately names none, but check the whole text too.
  expect(machinePaths().filter((p) => text.includes(p))).toEqual([]);
  const sizes = providerSizes(deployment);
  expect(Object.keys(sizes).length).toBeGreaterThan(0);
  expect(Object.entries(sizes).filter(([, bytes]) => bytes > PROVIDER_LIMIT_BYTES)).toEqual([]);
  // Secrets stay encrypted in the export ({"4dabf18193072939515e22adb298388d": ..., ciphertext}),
  // so the harness's structural checks see ciphertext, not values: run them for __provider content.
  const state = {
    resources: (deployment.deployment.resources ?? []).map((r) => ({
      urn: r.urn,
      name: r.urn.split("::").pop()!,
      type: r.type,
      id: r.id,
      inputs: r.inputs ?? {},
      outputs: r.outputs ?? {},
      secretInputs: [],
      secretOutputs: [],
    })),
    outputs: {},
    secretOutputs: [],
  } as unknown as StackState;
  expect(findLeaks(state, { secrets })).toEqual([]);
}
