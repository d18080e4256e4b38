import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../../provider/dynamic/delegate";
import { EngineServer, startEngineServer } from "./engine-server";
import { HostCallError, ProviderHost, ResourceInitError, ResourceRef, startProviderHost } from "./host";
import { makeUrn } from "./monitor";
import { prepareWorkspace } from "./workspace";
import { readCalls } from "./fixtures/echo";

/** The host driver on its own: the real host process, one call at a time. */
describe("provider host driver", () => {
  let engine: EngineServer;
  let host: ProviderHost;
  let echoDir: string;
  let providerText: string;
  let workspace: string;
  const res: ResourceRef = {
    urn: "urn:pulumi:s::p::pulumi-nodejs:dynamic/harness:Echo::a",
    name: "a",
    type: "pulumi-nodejs:dynamic/harness:Echo",
  };

  beforeAll(async () => {
    echoDir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-host-"));
    engine = await startEngineServer();
    const provider = delegatingProvider("datasync-harness-fixtures/echo-provider");
    providerText = (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
    host = await startProviderHost({
      cwd: (workspace = prepareWorkspace(undefined, "host-test")),
      engineAddress: engine.address,
      config: { "harness:greeting": "hello", "harness:token": "tok-123" },
      secretConfigKeys: ["harness:token"],
      env: { HARNESS_ECHO_DIR: echoDir },
    });
  });

  afterAll(async () => {
    await host?.stop();
    await engine?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(echoDir, { recursive: true, force: true });
  });

  it("checks, creates, diffs, updates, reads and deletes through gRPC", async () => {
    const news = { __provider: providerText, key: "k", value: "v1" };
    const checked = await host.check(res, {}, news);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toEqual(news);

    const created = await host.create(res, checked.inputs);
    expect(created.id).toBe("k-1");
    expect(created.properties).toMatchObject({
      key: "k",
      value: "v1",
      generation: 1,
      greeting: "hello",
      __provider: providerText,
    });

    expect(await host.diff(res, created.id, created.properties, news)).toEqual({
      changes: "none",
      replaces: [],
      deleteBeforeReplace: false,
    });
    const changed = { ...news, value: "v2" };
    expect(await host.diff(res, created.id, created.properties, changed)).toEqual({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(
      await host.diff(res, created.id, created.properties, { ...changed, key: "k2", dbr: true }),
    ).toEqual({
      changes: "some",
      replaces: ["key"],
      deleteBeforeReplace: true,
    });

    const updated = await host.update(res, created.id, created.properties, changed);
    expect(updated.properties).toMatchObject({ value: "v2", generation: 2 });

    const read = await host.read(res, created.id, updated.properties, changed);
    expect(read.id).toBe("k-1");
    expect(read.inputs).toMatchObject({ key: "k", value: "v2", __provider: providerText });

    await host.delete(res, created.id, updated.properties);
    const gone = await host.read(res, created.id, updated.properties);
    expect(gone.id).toBe("");

    expect(readCalls(echoDir).map((c) => c.method)).toEqual([
      "configure",
      "check",
      "create",
      "diff",
      "diff",
      "diff",
      "update",
      "read",
      "delete",
      "read",
    ]);
    expect(new Set(readCalls(echoDir).map((c) => c.pid))).toEqual(new Set([host.pid]));
    expect(host.calls).toMatchObject({
      configure: 1,
      check: 1,
      create: 1,
      diff: 3,
      update: 1,
      read: 2,
      delete: 1,
    });
    expect(host.peakRssBytes()).toBeGreaterThan(10 * 1024 * 1024);
  });

  it("reports check failures with the property and reason", async () => {
    const checked = await host.check(res, {}, { __provider: providerText, key: "k", value: "invalid" });
    expect(checked.failures).toEqual([{ property: "value", reason: "value must not be 'invalid'" }]);
  });

  it("decodes ErrorResourceInitFailed into a typed error carrying id, properties and reasons", async () => {
    const err = await host
      .create(res, { __provider: providerText, key: "f", value: "x", failCreate: "boom" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceInitError);
    const init = err as ResourceInitError;
    expect(init.id).toMatch(/^f-\d+$/);
    expect(init.reasons).toEqual(["create failed: boom"]);
    expect(init.properties).toMatchObject({ key: "f", value: "x", __provider: providerText });
    expect(init.message).toContain("create failed: boom");
  });

  it("answers a plain provider error with a HostCallError and no id", async () => {
    const err = await host
      .create(res, { __provider: providerText, key: "p", failCreatePlain: "nope" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostCallError);
    expect(err).not.toBeInstanceOf(ResourceInitError);
    expect((err as HostCallError).message).toContain("create failed: nope");
  });

  it("passes the stack config, secrets as plaintext, to configure once per process", () => {
    const configures = readCalls(echoDir).filter((c) => c.method === "configure");
    expect(configures).toEqual([expect.objectContaining({ greeting: "hello", pid: host.pid })]);
  });
});

describe("URNs", () => {
  it("are built like the engine's: the stack is not part of the type, a component parent is", () => {
    const stackUrn = makeUrn("dev", "proj", "", "pulumi:pulumi:Stack", "proj-dev");
    expect(stackUrn).toBe("urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev");
    const group = makeUrn("dev", "proj", stackUrn, "my:index:Group", "g");
    expect(group).toBe("urn:pulumi:dev::proj::my:index:Group::g");
    const child = makeUrn("dev", "proj", group, "pulumi-nodejs:dynamic/harness:Echo", "c");
    expect(child).toBe("urn:pulumi:dev::proj::my:index:Group$pulumi-nodejs:dynamic/harness:Echo::c");
    expect(makeUrn("dev", "proj", child, "x:y:Z", "d")).toBe(
      "urn:pulumi:dev::proj::my:index:Group$pulumi-nodejs:dynamic/harness:Echo$x:y:Z::d",
    );
  });
});
