/**
 * The floor: the same programs (same resources, same names, same type tokens, same inputs) with a
 * dynamic provider that does nothing: `create` echoes its inputs, every other method is the
 * engine's default. What the engine and the SDK cost by themselves on this machine.
 */
import * as pulumi from "@pulumi/pulumi";
import { refreshArgs, schemaArgs, sourceArgs } from "./ours";
import type { ProgramSpec } from "./spec";

/** The tiniest provider the host accepts: no API, no check, no diff (the engine diffs inputs). */
const floorProvider: pulumi.dynamic.ResourceProvider = {
  create: async (inputs) => ({
    id: Date.now().toString(36) + Math.random().toString(36).slice(2),
    outs: inputs,
  }),
};

/** A do-nothing resource with a pulumi-datasync resource's type token. */
class FloorResource extends pulumi.dynamic.Resource {
  constructor(
    module: string,
    type: string,
    name: string,
    props: object,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(floorProvider, name, { ...props }, opts, module, type);
  }
}

/** Declares the scenario with the floor provider; returns the stack outputs. */
export function declareFloor(spec: ProgramSpec): Record<string, pulumi.Input<unknown>> {
  switch (spec.scenario) {
    case "source": {
      const args = sourceArgs(spec);
      // as ExternalDataSource does: jobInputs is a secret input and output
      const props = { ...args, jobInputs: pulumi.secret(args.jobInputs) };
      const opts = { additionalSecretOutputs: ["jobInputs"] };
      return { id: new FloorResource("posthog", "ExternalDataSource", "warehouse", props, opts).id };
    }
    case "schemas":
      return {
        count: schemaArgs(spec).map(
          (args) => new FloorResource("posthog", "ExternalDataSchema", args.name as string, args),
        ).length,
      };
    case "refresh":
      return { id: new FloorResource("workiva", "Refresh", "reports", refreshArgs(spec)).id };
  }
}
