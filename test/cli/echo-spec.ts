/**
 * A program of Echo resources (test/harness/fixtures/echo.ts) described as data, so that the same
 * program runs in the harness (as a function) and under the real CLI (programs/echo/index.ts
 * reads it from the `spec` config): `a` and optionally `b`, whose value is built from `a.id`
 * (b depends on a), like lifecycle.test.ts's echoProgram.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Echo, type EchoArgs } from "../harness/fixtures/echo";

export interface EchoSpec {
  a?: EchoArgs & { key: string };
  b?: Omit<EchoArgs, "value"> & { key: string; value?: string };
  bOpts?: Pick<pulumi.CustomResourceOptions, "deleteBeforeReplace">;
}

export function echoSpecProgram(spec: EchoSpec): () => Record<string, unknown> {
  return () => {
    const outputs: Record<string, unknown> = {};
    const a = spec.a ? new Echo("a", spec.a) : undefined;
    if (a) Object.assign(outputs, { aId: a.id, aGeneration: a.generation });
    if (spec.b) {
      const b = spec.b;
      const value = a ? a.id.apply((id) => `${b.value ?? "from"}:${id}`) : b.value;
      outputs.bValue = new Echo("b", { ...b, value }, spec.bOpts).value;
    }
    return outputs;
  };
}
