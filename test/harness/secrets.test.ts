import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Echo, ECHO_TYPE, callNames } from "./fixtures/echo";
import { PROVIDER_KEY, Stack, StackState, assertNoLeaks, findLeaks } from "./index";

const TOKEN = "tok-7f3a9c21e5";
const CAPTURED = "captured-secret-9d81";
/** Module-level values a careless provider closure captures by value. */
const capturedDir = __dirname;

/**
 * A provider written the way the contract warns against: its closure captures a credential and an
 * absolute path, so both end up serialized in `__provider`.
 */
const leakyProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `leaky-${CAPTURED.length}-${capturedDir.length}`, outs: inputs };
  },
};

class Leaky extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(leakyProvider, name, { note: "plain" }, undefined, "harness", "Leaky");
  }
}

describe("secrets and leaks through the real host", () => {
  let echoDir: string;
  let stack: Stack;

  beforeEach(() => {
    echoDir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-secrets-"));
    stack = new Stack({
      name: "secrets",
      config: { "harness:greeting": "hello", "harness:token": TOKEN, "harness:value": "one" },
      secretConfigKeys: ["harness:token"],
      env: { HARNESS_ECHO_DIR: echoDir },
    });
  });

  afterEach(async () => {
    await stack.dispose();
    fs.rmSync(echoDir, { recursive: true, force: true });
  });

  it("keeps secret inputs secret in outputs and stack outputs, encrypted on disk; the delegating provider leaks nothing", async () => {
    const result = await stack.up(() => {
      const token = new pulumi.Config("harness").requireSecret("token");
      const echo = new Echo("s", { key: "s", value: token }, { additionalSecretOutputs: ["greeting"] });
      return { value: echo.value, key: echo.key };
    });
    const [r] = result.state.resources;
    expect(r.type).toBe(ECHO_TYPE);
    expect(r.secretInputs).toEqual(["value"]);
    expect(r.secretOutputs).toEqual(["greeting", "value"]);
    expect(r.outputs.value).toBe(TOKEN); // the provider saw plaintext
    expect(result.outputs).toEqual({ value: TOKEN, key: "s" });
    expect(result.secretOutputs).toEqual(["value"]);

    const onDisk = fs.readFileSync(stack.stateFile, "utf8");
    expect(onDisk).not.toContain(TOKEN);
    expect(onDisk).toContain('"ciphertext"');
    expect(stack.state).toEqual(result.state); // decrypts back

    const providerText = String(r.inputs[PROVIDER_KEY]);
    expect(Buffer.byteLength(providerText)).toBeLessThanOrEqual(4096);
    expect(result.rows[0].providerBytes).toBe(Buffer.byteLength(providerText));
    expect(
      findLeaks(result.state, {
        secrets: [TOKEN],
        texts: { stateFile: onDisk, hostStderr: result.hostStderr },
      }),
    ).toEqual([]);
    expect(() => assertNoLeaks(result.state, { secrets: [TOKEN] })).not.toThrow();
  });

  it("flags a provider closure that captured a secret value and an absolute path", async () => {
    const result = await stack.up(() => {
      new Leaky("leaky");
    });
    const leaks = findLeaks(result.state, { secrets: [CAPTURED] });
    const urn = "urn:pulumi:secrets::datasync::pulumi-nodejs:dynamic/harness:Leaky::leaky";
    expect(leaks).toEqual(
      expect.arrayContaining([
        { where: `${urn} inputs.__provider`, what: "secret #1" },
        { where: `${urn} outputs.__provider`, what: "secret #1" },
        { where: `${urn} inputs.__provider`, what: expect.stringMatching(/^absolute path \//) },
      ]),
    );
    expect(() => assertNoLeaks(result.state, { secrets: [CAPTURED] })).toThrow(
      /leak\(s\):[\s\S]*Leaky::leaky inputs.__provider: secret #1/,
    );
    // The message names the secret by index, never prints it.
    expect(() => assertNoLeaks(result.state, { secrets: [CAPTURED] })).not.toThrow(new RegExp(CAPTURED));
  });

  it("runs a program module afresh on every run, with the stack config", async () => {
    const program = path.join(__dirname, "fixtures", "programs", "config-program.ts");
    const first = await stack.up(program);
    expect(first.outputs).toEqual({ value: "one", token: TOKEN });
    expect(first.secretOutputs).toEqual(["token"]);
    stack.config["harness:value"] = "two";
    const second = await stack.up(program);
    expect(second.rows).toEqual([
      expect.objectContaining({ op: "update", name: "from-file", changed: ["value"] }),
    ]);
    expect(second.outputs).toEqual({ value: "two", token: TOKEN });
    expect(callNames(echoDir)).toEqual(["check", "create", "check", "diff", "update"]);

    const fnProgram = path.join(__dirname, "fixtures", "programs", "function-program.ts");
    const fromFunction = await stack.up(fnProgram);
    expect(fromFunction.outputs).toEqual({ id: "fn-2" });
    expect(fromFunction.rows.map((r) => `${r.op}:${r.name}`).sort()).toEqual([
      "create:from-function",
      "delete:from-file",
    ]);
  });
});

describe("findLeaks on a given state", () => {
  const state = (
    outputs: Record<string, string>,
    secretOutputs: string[],
    provider = "exports.handler = () => ({})",
  ): StackState => ({
    version: 1,
    project: "p",
    stack: "s",
    resources: [
      {
        urn: "urn:x",
        type: ECHO_TYPE,
        name: "x",
        id: "1",
        inputs: { [PROVIDER_KEY]: provider, apiKey: "sk-live-1234" },
        outputs: { [PROVIDER_KEY]: provider, ...outputs },
        secretInputs: ["apiKey"],
        secretOutputs,
        dependencies: [],
        parent: "",
      },
    ],
    outputs: {},
    secretOutputs: [],
  });

  it("flags a secret copied into an output that is not secret, and accepts it when marked secret", () => {
    expect(findLeaks(state({ header: "Bearer sk-live-1234" }, []), { secrets: ["sk-live-1234"] })).toEqual([
      { where: "urn:x outputs.header (not secret)", what: "secret #1" },
    ]);
    expect(
      findLeaks(state({ header: "Bearer sk-live-1234" }, ["header"]), { secrets: ["sk-live-1234"] }),
    ).toEqual([]);
  });

  it("flags machine paths and forbidden patterns in __provider, but not look-alike text", () => {
    const home = os.homedir();
    expect(findLeaks(state({}, [], `require("${home}/x")`), { secrets: [], paths: [home] })).toEqual([
      { where: "urn:x inputs.__provider", what: `absolute path ${home}` },
      { where: "urn:x outputs.__provider", what: `absolute path ${home}` },
    ]);
    expect(findLeaks(state({}, [], `"${home}extra"`), { secrets: [], paths: [home] })).toEqual([]);
    expect(
      findLeaks(state({}, [], "fetch('http://x')"), { secrets: [], forbidden: [/fetch\(/] }),
    ).toHaveLength(2);
  });

  it("checks extra texts and refuses secrets too short to check", () => {
    expect(
      findLeaks(state({}, []), {
        secrets: ["sk-live-1234"],
        texts: { hostStderr: "auth sk-live-1234 failed" },
      }),
    ).toEqual([{ where: "hostStderr", what: "secret #1" }]);
    expect(() => findLeaks(state({}, []), { secrets: ["abc"] })).toThrow(/shorter than 4/);
  });
});
