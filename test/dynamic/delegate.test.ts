/**
 * What lands in `__provider` for our resource kinds (provider/dynamic): with the package installed
 * in node_modules, as `npm install` places it, a ~300-byte reference to the kind's module; linked
 * from elsewhere (`npm link`, the harness), the lazy provider by value. Either way the host gets a
 * provider whose methods reach the implementation. Serialization is the SDK's own
 * (`runtime.serializeFunction(() => provider)`, as `dynamic.Resource` does), evaluation the host's
 * (`require-from-string(...).handler()`), in a child process whose working directory is the program's.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KIND_MODULE_IDS, kindOf, type Kind } from "../../provider/dynamic/kinds";

const REPO = path.resolve(__dirname, "..", "..");

/** A program folder with the package as a real copy (`copy`) or a symlink (`link`), its dependencies beside it. */
function programDir(mode: "copy" | "link"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `datasync-delegate-${mode}-`));
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  if (mode === "copy") {
    const pkg = path.join(modules, "pulumi-datasync");
    fs.mkdirSync(pkg);
    fs.copyFileSync(path.join(REPO, "package.json"), path.join(pkg, "package.json"));
    fs.cpSync(path.join(REPO, "dist", "provider"), path.join(pkg, "dist", "provider"), { recursive: true });
  } else {
    fs.symlinkSync(REPO, path.join(modules, "pulumi-datasync"), "dir");
  }
  for (const name of fs.readdirSync(path.join(REPO, "node_modules"))) {
    const link = path.join(modules, name);
    if (!fs.existsSync(link)) fs.symlinkSync(path.join(REPO, "node_modules", name), link, "dir");
  }
  return dir;
}

/** Serializes the schema kind's provider in `dir`, evaluates it as the host does, calls its `check`. */
function serializeIn(dir: string): { text: string; methods: string[]; failures: unknown } {
  const script = `
    const pulumi = require("@pulumi/pulumi");
    const { posthog } = require("pulumi-datasync");
    const requireFromString = require("require-from-string");
    const { delegatingProvider } = require("pulumi-datasync/dist/provider/dynamic/delegate.js");
    const { KIND_MODULE_IDS } = require("pulumi-datasync/dist/provider/dynamic/kinds.js");
    void posthog;
    const provider = delegatingProvider(KIND_MODULE_IDS["posthog-schema"]);
    pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true }).then(async (sf) => {
      const hosted = requireFromString(sf.text).handler();
      const checked = await hosted.check({}, { name: "orders" });
      console.log(JSON.stringify({ text: sf.text, methods: Object.keys(hosted), failures: checked.failures }));
    });`;
  // a configured provider (check refuses to run without credentials); the host gets them from Configure
  const env = { ...process.env, POSTHOG_API_KEY: "phx_delegate_test_key", POSTHOG_PROJECT_ID: "1" };
  const out = execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8", env });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}");
}

const METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];

describe("__provider of our resource kinds", () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(REPO, "dist", "provider", "dynamic", "kinds", "posthog-schema.js")))
      throw new Error("dist/ is missing or stale: run `npm run build` first (npm test does)");
  });

  test("installed in node_modules: a ~300-byte reference to the kind's module, which the host runs", () => {
    const dir = programDir("copy");
    try {
      const { text, methods, failures } = serializeIn(dir);
      expect(text).toContain('require("pulumi-datasync/dist/provider/dynamic/kinds/posthog-schema.js")');
      expect(Buffer.byteLength(text)).toBeLessThan(400);
      expect(text).not.toContain(os.tmpdir());
      expect(text).not.toContain(REPO);
      expect(methods).toEqual(METHODS);
      // the implementation's check ran: a schema resource without its source is refused
      expect(JSON.stringify(failures)).toContain("sourceId");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("linked from elsewhere: the lazy provider by value (no path of the machine), which the host runs", () => {
    const dir = programDir("link");
    try {
      const { text, methods, failures } = serializeIn(dir);
      expect(text).toMatch(/with\(\{ moduleId: "pulumi-datasync\/dist\/provider\/posthog\/[\w/-]+\.js"/);
      expect(Buffer.byteLength(text)).toBeLessThan(2600);
      expect(text).not.toContain(REPO);
      expect(methods).toEqual(METHODS);
      expect(JSON.stringify(failures)).toContain("sourceId");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("every delegatingProvider call in provider/ names a module of a kind, and every kind's module is built", () => {
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const file = path.join(dir, e.name);
        return e.isDirectory()
          ? sources(file)
          : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")
            ? [file]
            : [];
      });
    const calls = sources(path.join(REPO, "provider"))
      .filter((file) => !file.includes(`${path.sep}dynamic${path.sep}`))
      .flatMap((file) =>
        [...fs.readFileSync(file, "utf8").matchAll(/delegatingProvider\(\s*"([^"]+)"/g)].map((m) => m[1]),
      );
    expect(calls.length).toBeGreaterThanOrEqual(4);
    expect(calls.filter((id) => kindOf(id) === undefined)).toEqual([]);
    const built = (id: string) => fs.existsSync(path.join(REPO, id.replace(/^pulumi-datasync\//, "")));
    for (const kind of Object.keys(KIND_MODULE_IDS) as Kind[])
      expect([kind, built(KIND_MODULE_IDS[kind])]).toEqual([kind, true]);
  });

  test("state written before provider/posthog moved into sub-folders still loads: the old module ids export the same provider", () => {
    for (const kind of ["source", "schema", "webhook"]) {
      const old = require(path.join(REPO, "dist", "provider", "posthog", `${kind}-provider.js`));
      const now = require(path.join(REPO, "dist", "provider", "posthog", kind, "provider.js"));
      expect([kind, typeof old.provider?.read, old.provider === now.provider]).toEqual([
        kind,
        "function",
        true,
      ]);
    }
  });
});
