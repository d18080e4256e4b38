/**
 * The harness's Echo scenarios as a real Pulumi program: the `spec` config (JSON, see
 * ../../echo-spec.ts) says which Echo resources to declare; the same spec builds the harness's
 * program function, so both engines run the same program.
 */
import * as pulumi from "@pulumi/pulumi";
import { echoSpecProgram, type EchoSpec } from "../../echo-spec";

const spec = JSON.parse(new pulumi.Config().get("spec") ?? "{}") as EchoSpec;
module.exports = echoSpecProgram(spec)();
