/**
 * The benchmark's Pulumi program (run by Pulumi's Node.js language host): reads
 * `bench-program.json` next to it and declares the scenario with pulumi-datasync (`ours`), a
 * do-nothing provider (`floor`) or the naive providers (`naive`).
 */
import * as fs from "fs";
import * as path from "path";
import { declareFloor } from "./floor";
import { declareNaive, type NaiveSettings } from "./naive";
import { declareOurs } from "./ours";
import { PROGRAM_SPEC_FILE, type ProgramSpec } from "./spec";

// next to Pulumi.yaml, one folder up (the language host runs the program from its own folder)
const file = path.join(__dirname, "..", PROGRAM_SPEC_FILE);
const spec = JSON.parse(fs.readFileSync(file, "utf8")) as ProgramSpec & { naive: NaiveSettings };

const declare = {
  ours: declareOurs,
  floor: declareFloor,
  naive: (s: ProgramSpec) => declareNaive(s, spec.naive),
};
export = declare[spec.variant](spec);
