/**
 * The provider host of a `preview` or a no-op `up` only runs check and diff: it sends no request,
 * so loading the provider modules must not load the HTTP libraries (axios with its ~30 dependencies,
 * p-retry, bottleneck); they load at the first request (provider/http). Run in a plain Node
 * process, as the provider host requires the modules, with tsx for the TypeScript sources.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const PROVIDER_MODULES = [
  "provider/posthog/source/provider.ts",
  "provider/posthog/schema/provider.ts",
  "provider/posthog/webhook/provider.ts",
  "provider/workiva/refresh-provider.ts",
];

/** The packages of node_modules a fresh Node process has loaded after running `script`. */
function packagesLoadedBy(script: string): string[] {
  const out = execFileSync(
    process.execPath,
    [
      "--require",
      "tsx/cjs",
      "-e",
      `${script}
       const names = Object.keys(require.cache)
         .map((f) => f.split("node_modules/").pop())
         .filter((rest, i, all) => rest !== undefined)
         .map((rest) => rest.split("/").slice(0, rest.startsWith("@") ? 2 : 1).join("/"));
       console.log(JSON.stringify([...new Set(names)]));`,
    ],
    { cwd: ROOT, encoding: "utf8", timeout: 60_000 },
  );
  return JSON.parse(out.trim().split("\n").pop() ?? "[]") as string[];
}

describe("a provider host that sends no request does not load the HTTP libraries", () => {
  it("requiring every provider module loads neither axios, p-retry nor bottleneck", () => {
    const loaded = packagesLoadedBy(
      PROVIDER_MODULES.map((m) => `require(${JSON.stringify(`./${m}`)});`).join(""),
    );
    expect(loaded).toContain("zod"); // the check's validation: the probe sees packages
    expect(loaded.filter((name) => ["axios", "p-retry", "bottleneck"].includes(name))).toEqual([]);
  }, 60_000);

  it("the first request loads them", () => {
    const loaded = packagesLoadedBy(
      `const { HttpClient } = require("./provider/http");
       new HttpClient({ service: "posthog", baseUrl: "http://127.0.0.1:9", rateLimit: { limit: 1, intervalMs: 1000 } });
       require("./provider/http/transport").sendOnce({ method: "GET", url: "http://127.0.0.1:9/", headers: {}, signal: AbortSignal.abort(), freshConnection: true }).catch(() => {});`,
    );
    expect(loaded).toEqual(expect.arrayContaining(["axios", "bottleneck"]));
  }, 60_000);
});
