import * as grpc from "@grpc/grpc-js";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { PropertyMap, toPropertyMap } from "./wire";

/** The root stack resource's type. */
export const STACK_TYPE = "pulumi:pulumi:Stack";

/** One RegisterResource request, decoded: what the engine sees of a resource declaration. */
export interface Registration {
  urn: string;
  type: string;
  name: string;
  /** Parent URN ("" when none). */
  parent: string;
  custom: boolean;
  remote: boolean;
  /** Explicit provider reference ("" for the default provider, as dynamic resources use). */
  provider: string;
  /** Inputs in wire format (secrets marked, unknowns as the placeholder string). */
  inputs: PropertyMap;
  dependencies: string[];
  deleteBeforeReplace: boolean;
  additionalSecretOutputs: string[];
  ignoreChanges: string[];
  replaceOnChanges: string[];
  protect: boolean;
  retainOnDelete: boolean;
  importId: string;
}

/** The engine's answer to a registration, or `"hold"`: the deployment stopped, never answer. */
export type RegistrationAnswer = { id: string; outputs: PropertyMap } | "hold";

/** What the monitor forwards registrations to (the deployment). */
export interface RegistrationHandler {
  register(reg: Registration): Promise<RegistrationAnswer>;
  /** `registerOutputs` of a component or of the stack (wire format). */
  registerOutputs(urn: string, outputs: PropertyMap): void;
}

/** Builds a URN like the engine: the parent's qualified type prefixes the type, except for the stack. */
export function makeUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  let qualified = type;
  if (parent !== "") {
    const parentType = parent.split("::")[2] ?? "";
    if (parentType !== STACK_TYPE) qualified = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

type Callback = (err: grpc.ServiceError | Error | null, res?: unknown) => void;

/**
 * The resource monitor the program talks to. Extends the SDK's MockMonitor for feature
 * negotiation, packages and transforms, but answers registrations like the engine: it hands each
 * one to the deployment and replies with the engine's outputs.
 */
export class HarnessMonitor extends MockMonitor {
  constructor(
    private readonly handler: RegistrationHandler,
    private readonly stack: string,
    private readonly project: string,
  ) {
    super({
      newResource: () => {
        throw new Error("the harness does not support reading resources with get()");
      },
      call: (args) => {
        throw new Error(`the harness does not support invoke ${args.token}`);
      },
    });
  }

  /** Decodes a RegisterResourceRequest. */
  decode(req: resproto.RegisterResourceRequest): Registration {
    const urn = makeUrn(this.stack, this.project, req.getParent(), req.getType(), req.getName());
    return {
      urn,
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      custom: req.getCustom(),
      remote: req.getRemote(),
      provider: req.getProvider(),
      inputs: toPropertyMap(req.getObject()?.toJavaScript() ?? {}),
      dependencies: req.getDependenciesList(),
      deleteBeforeReplace: req.getDeletebeforereplace(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      ignoreChanges: req.getIgnorechangesList(),
      replaceOnChanges: req.getReplaceonchangesList(),
      protect: req.getProtect() === true,
      retainOnDelete: req.getRetainondelete() === true,
      importId: req.getImportid(),
    };
  }

  override async registerResource(req: resproto.RegisterResourceRequest, callback: Callback): Promise<void> {
    const reg = this.decode(req);
    const answer = await this.handler.register(reg);
    if (answer === "hold") return;
    const resp = new resproto.RegisterResourceResponse();
    resp.setUrn(reg.urn);
    resp.setId(answer.id);
    resp.setObject(
      structproto.Struct.fromJavaScript(answer.outputs as Record<string, structproto.JavaScriptValue>),
    );
    callback(null, resp);
  }

  override registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest, callback: Callback): void {
    this.handler.registerOutputs(req.getUrn(), toPropertyMap(req.getOutputs()?.toJavaScript() ?? {}));
    callback(null, {});
  }

  /** Called by the SDK's disconnect; nothing to close. */
  close(): void {}
}
