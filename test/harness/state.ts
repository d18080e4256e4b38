import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { JsonValue, PropertyMap, SECRET_SIG, SECRET_SIG_KEY, isWireSecret } from "./wire";

/** One resource in the stack's state (values in plaintext in memory; secrets encrypted on disk). */
export interface ResourceState {
  urn: string;
  /** The type token, e.g. `pulumi-nodejs:dynamic/harness:Echo`. */
  type: string;
  name: string;
  id: string;
  /** The checked inputs, including `__provider`. */
  inputs: PropertyMap;
  /** The provider's outputs, including `__provider`. */
  outputs: PropertyMap;
  /** Top-level input keys that held a secret. */
  secretInputs: string[];
  /** Top-level output keys that are secret (same-named secret inputs plus additionalSecretOutputs). */
  secretOutputs: string[];
  /** URNs this resource depends on (dependsOn and the resources its inputs came from). */
  dependencies: string[];
  /** The parent URN ("" for the stack). */
  parent: string;
  /** Reasons of an ErrorResourceInitFailed: the next `up` updates this resource even without a diff. */
  initErrors?: string[];
  /** An old copy kept after a create-before-delete replacement; deleted at the end of the next successful `up`. */
  pendingDelete?: boolean;
  /** Resource options that matter after the program is gone. */
  deleteBeforeReplace?: boolean;
  retainOnDelete?: boolean;
  protect?: boolean;
}

/** The stack's state between runs. */
export interface StackState {
  version: 1;
  project: string;
  stack: string;
  resources: ResourceState[];
  /** The stack outputs of the last `up` (plaintext in memory). */
  outputs: PropertyMap;
  /** Stack output keys that are secret. */
  secretOutputs: string[];
}

/** An empty state for a stack. */
export function emptyState(project: string, stack: string): StackState {
  return { version: 1, project, stack, resources: [], outputs: {}, secretOutputs: [] };
}

/** A deep copy of a state (runs never mutate the state they were given). */
export function cloneState(state: StackState): StackState {
  return JSON.parse(JSON.stringify(state)) as StackState;
}

/** The live (not pending-delete) resource with this URN. */
export function liveResource(state: StackState, urn: string): ResourceState | undefined {
  return state.resources.find((r) => r.urn === urn && !r.pendingDelete);
}

const ALGORITHM = "aes-256-gcm";

/**
 * Encrypts and decrypts secret values of the state file with a per-state key kept next to it
 * (`<state>.key`), like Pulumi's passphrase secrets provider: the state file holds no plaintext secret.
 */
class SecretsCipher {
  constructor(private readonly key: Buffer) {}

  static forStateFile(stateFile: string): SecretsCipher {
    const keyFile = `${stateFile}.key`;
    if (fs.existsSync(keyFile))
      return new SecretsCipher(Buffer.from(fs.readFileSync(keyFile, "utf8").trim(), "hex"));
    const key = crypto.randomBytes(32);
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    fs.writeFileSync(keyFile, key.toString("hex"), { mode: 0o600 });
    return new SecretsCipher(key);
  }

  encrypt(value: JsonValue): JsonValue {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv(ALGORITHM, this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
    const ciphertext = Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
    return { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext };
  }

  decrypt(value: JsonValue): JsonValue {
    if (!isWireSecret(value)) return value;
    const raw = Buffer.from(String((value as Record<string, JsonValue>).ciphertext), "base64");
    const decipher = crypto.createDecipheriv(ALGORITHM, this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    return JSON.parse(text) as JsonValue;
  }
}

function mapSecrets(props: PropertyMap, secretKeys: string[], fn: (v: JsonValue) => JsonValue): PropertyMap {
  const out: PropertyMap = { ...props };
  for (const k of secretKeys) if (k in out) out[k] = fn(out[k]);
  return out;
}

/** Writes the state as JSON, secret values encrypted. */
export function saveState(stateFile: string, state: StackState): void {
  const cipher = SecretsCipher.forStateFile(stateFile);
  const enc = (v: JsonValue): JsonValue => cipher.encrypt(v);
  const onDisk: StackState = {
    ...state,
    outputs: mapSecrets(state.outputs, state.secretOutputs, enc),
    resources: state.resources.map((r) => ({
      ...r,
      inputs: mapSecrets(r.inputs, r.secretInputs, enc),
      outputs: mapSecrets(r.outputs, r.secretOutputs, enc),
    })),
  };
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  const tmp = `${stateFile}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(onDisk, null, 2));
  fs.renameSync(tmp, stateFile);
}

/** Reads a state file written by {@link saveState}, or returns undefined when there is none. */
export function loadState(stateFile: string): StackState | undefined {
  if (!fs.existsSync(stateFile)) return undefined;
  const onDisk = JSON.parse(fs.readFileSync(stateFile, "utf8")) as StackState;
  const cipher = SecretsCipher.forStateFile(stateFile);
  const dec = (v: JsonValue): JsonValue => cipher.decrypt(v);
  return {
    ...onDisk,
    outputs: mapSecrets(onDisk.outputs, onDisk.secretOutputs, dec),
    resources: onDisk.resources.map((r) => ({
      ...r,
      inputs: mapSecrets(r.inputs, r.secretInputs, dec),
      outputs: mapSecrets(r.outputs, r.secretOutputs, dec),
    })),
  };
}
