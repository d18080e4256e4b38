/**
 * The install path a user has before the package is on the registry: `npm pack` the project (into
 * a temporary directory, nothing left in the repository), install the tarball and @pulumi/pulumi
 * into a fresh program folder, type-check the README's install example with TypeScript 5.x strict
 * and the tsconfig of Pulumi's TypeScript template, and run it (preview, up, destroy) through the
 * real provider host against the emulator, loading what npm installed.
 *
 * The example is read from README.md at run time (test/package/readme-example.ts), so the README
 * and this test cannot drift. Needs `npm run build` first (`npm test` does it): the tarball packs
 * dist/ as built.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { promisify } from "util";
import { startEmulator, type Emulator } from "../emulator";
import { REPO_ROOT } from "../harness/workspace";
import { readmeInstallExample } from "./readme-example";
import type { InstalledRunReport } from "./run-installed";

const run = promisify(execFile);
const PROJECT = "readme-example";
const STRIPE_KEY = "sk_test_readme_example";
const MINUTES = 60_000;

const repoPackage = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
};
/** The versions the user's program gets: the ones this repository builds and tests with. */
const PULUMI_VERSION = repoPackage.devDependencies["@pulumi/pulumi"];
const TYPESCRIPT_VERSION = repoPackage.devDependencies.typescript;
const TYPES_NODE_VERSION = repoPackage.devDependencies["@types/node"];

/** `pulumi new typescript`'s tsconfig.json (pulumi/templates, typescript/). */
const PULUMI_TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: false,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** A TypeScript language service over one file of the program folder (what an editor runs). */
function languageService(dir: string, file: string): ts.LanguageService {
  const parsed = ts.parseJsonConfigFileContent(PULUMI_TEMPLATE_TSCONFIG, ts.sys, dir);
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) =>
      fs.existsSync(name) ? ts.ScriptSnapshot.fromString(fs.readFileSync(name, "utf8")) : undefined,
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => parsed.options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host);
}

let tmp: string;
let tarball: string;
let programDir: string;
let emulator: Emulator;

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run("npm", args, { cwd, maxBuffer: 32 * 1024 * 1024 });
  return stdout;
}

function tarballsIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(".tgz"));
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "index.js"))) {
    throw new Error("run `npm run build` first (dist/provider/index.js missing)");
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "datasync-tarball-"));
  emulator = await startEmulator({ port: 0, workiva: { runMs: 200 } });
}, MINUTES);

afterAll(async () => {
  await emulator?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the package installed from its tarball into a fresh program", () => {
  it("packs into a temporary directory: dist, README, LICENSE, no sources, nothing left in the repo", async () => {
    const before = tarballsIn(REPO_ROOT);
    // dist/ is built already (npm test builds first): skip the prepare script's second build.
    await npm(["pack", "--ignore-scripts", "--pack-destination", tmp], REPO_ROOT);
    expect(tarballsIn(REPO_ROOT)).toEqual(before);
    const [file] = tarballsIn(tmp);
    expect(file).toBe(`${repoPackage.name}-${repoPackage.version}.tgz`);
    tarball = path.join(tmp, file);

    const { stdout } = await run("tar", ["-tzf", tarball]);
    const files = stdout.split("\n").filter(Boolean);
    expect(files).toEqual(
      expect.arrayContaining([
        "package/package.json",
        "package/README.md",
        "package/LICENSE",
        "package/dist/provider/index.js",
        "package/dist/provider/index.d.ts",
      ]),
    );
    expect(
      files.filter((f) => !f.startsWith("package/dist/provider/") && !/^package\/[^/]+$/.test(f)),
    ).toEqual([]);
  });

  it(
    "installs with @pulumi/pulumi into a fresh program folder",
    async () => {
      expect(tarball).toBeDefined();
      programDir = path.join(tmp, "program");
      fs.mkdirSync(programDir);
      fs.writeFileSync(
        path.join(programDir, "package.json"),
        JSON.stringify({ name: PROJECT, version: "0.0.0", private: true, main: "index.ts" }, null, 2),
      );
      fs.writeFileSync(path.join(programDir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\n`);
      fs.writeFileSync(
        path.join(programDir, "tsconfig.json"),
        JSON.stringify(PULUMI_TEMPLATE_TSCONFIG, null, 2),
      );
      fs.writeFileSync(path.join(programDir, "index.ts"), readmeInstallExample());
      // Offline from the npm cache where it can (npm ci of this repository filled it).
      await npm(
        [
          "install",
          "--prefer-offline",
          "--no-audit",
          "--no-fund",
          "--loglevel=error",
          tarball,
          `@pulumi/pulumi@${PULUMI_VERSION}`,
          `typescript@${TYPESCRIPT_VERSION}`,
          `@types/node@${TYPES_NODE_VERSION}`,
        ],
        programDir,
      );
      const installed = path.join(programDir, "node_modules", "pulumi-datasync");
      expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
      expect(fs.existsSync(path.join(installed, "dist", "provider", "index.js"))).toBe(true);
      const manifest = JSON.parse(fs.readFileSync(path.join(programDir, "package.json"), "utf8"));
      expect(manifest.dependencies["pulumi-datasync"]).toMatch(/^file:.*\.tgz$/);
    },
    4 * MINUTES,
  );

  it(
    "type-checks the README's install example with TypeScript 5 strict and Pulumi's template tsconfig",
    async () => {
      expect(fs.existsSync(path.join(programDir, "node_modules", ".bin", "tsc"))).toBe(true);
      const tsc = await run(path.join(programDir, "node_modules", ".bin", "tsc"), ["--version"], {
        cwd: programDir,
      });
      expect(tsc.stdout).toMatch(/^Version 5\./);
      const checked = await run(
        path.join(programDir, "node_modules", ".bin", "tsc"),
        ["-p", ".", "--noEmit"],
        {
          cwd: programDir,
        },
      ).then(
        () => "",
        (err: { stdout?: string; stderr?: string }) =>
          `${err.stdout ?? ""}${err.stderr ?? ""}` || "tsc failed",
      );
      expect(checked).toBe("");
    },
    3 * MINUTES,
  );

  it("gives every resource constructor and read function an editor hover with a description, @param tags and an example", () => {
    expect(fs.existsSync(path.join(programDir, "node_modules", "pulumi-datasync"))).toBe(true);
    const file = path.join(programDir, "hover.ts");
    const calls: Record<string, string> = {
      "new posthog.ExternalDataSource(":
        'new posthog.ExternalDataSource("s", { sourceType: "Stripe", jobInputs: {} });',
      "new posthog.ExternalDataSchema(":
        'new posthog.ExternalDataSchema("t", { sourceId: "s", name: "Customer" });',
      "new posthog.SourceWebhook(": 'new posthog.SourceWebhook("w", { sourceId: "s" });',
      "new workiva.Refresh(": 'new workiva.Refresh("r", { connections: ["c"] });',
      "posthog.getExternalDataSource(": 'void posthog.getExternalDataSource({ id: "s" });',
      "posthog.getExternalDataSourceOutput(": 'posthog.getExternalDataSourceOutput({ id: "s" });',
      "posthog.listExternalDataSources(": "void posthog.listExternalDataSources({});",
      "posthog.getSourceJobs(": 'void posthog.getSourceJobs({ sourceId: "s" });',
      "posthog.getIncrementalFields(": 'void posthog.getIncrementalFields({ schemaId: "t" });',
      "workiva.getConnection(": 'void workiva.getConnection({ connectionId: "c" });',
      "workiva.getConnectionOutput(": 'workiva.getConnectionOutput({ connectionId: "c" });',
    };
    const source = ['import { posthog, workiva } from "pulumi-datasync";', ...Object.values(calls)].join(
      "\n",
    );
    fs.writeFileSync(file, source);
    const service = languageService(programDir, file);
    const hovers = Object.keys(calls).map((call) => {
      const at = source.indexOf(call) + call.lastIndexOf(".") + 1; // on the class or function name
      const info = service.getQuickInfoAtPosition(file, at);
      const tags = (info?.tags ?? []).map((t) =>
        t.name === "param" ? `param ${ts.displayPartsToString(t.text).split(" ")[0]}` : t.name,
      );
      return { call, described: ts.displayPartsToString(info?.documentation).length > 20, tags };
    });
    for (const hover of hovers) {
      const params = hover.call.startsWith("new ")
        ? ["param name", "param args", "param opts"]
        : ["param args"];
      expect(hover).toEqual({
        call: hover.call,
        described: true,
        tags: expect.arrayContaining([...params, "example"]),
      });
    }
  });

  it(
    "runs the README's example from the installed package: preview, up and destroy against the emulator",
    async () => {
      const config = { ...emulator.config, [`${PROJECT}:stripeSecretKey`]: STRIPE_KEY };
      const tsx = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
      const child = await run(tsx, [path.join(__dirname, "run-installed.ts")], {
        // cwd: the program folder, so tsx uses its tsconfig (not the repository's `paths`).
        cwd: programDir,
        maxBuffer: 32 * 1024 * 1024,
        env: {
          ...process.env,
          PROGRAM_DIR: programDir,
          PROJECT,
          STACK_CONFIG: JSON.stringify(config),
          SECRET_KEYS: JSON.stringify([
            "posthog:apiKey",
            "workiva:clientSecret",
            `${PROJECT}:stripeSecretKey`,
          ]),
          HOST_ENV: JSON.stringify({ DATASYNC_WORKIVA_POLL_MS: "50,200" }),
        },
      });
      const line = child.stdout.split("\n").find((l) => l.startsWith("RESULT "));
      expect(line).toBeDefined();
      const report = JSON.parse(line!.slice("RESULT ".length)) as InstalledRunReport;

      // What ran is the installed tarball, not this repository's sources.
      expect(report.resolved).toBe(
        path.join(
          fs.realpathSync(programDir),
          "node_modules",
          "pulumi-datasync",
          "dist",
          "provider",
          "index.js",
        ),
      );
      expect(report.loadedFromRepository).toEqual([]);
      expect(report.preview.errors).toEqual([]);
      expect(report.preview.totals).toEqual({ create: 2 });
      expect(report.up?.errors).toEqual([]);
      expect(report.up?.totals).toEqual({ create: 2 });
      expect(report.destroy?.errors).toEqual([]);
      expect(report.destroy?.totals).toEqual({ delete: 2 });

      // The emulator saw the example's source created and deleted, and the three connections refreshed.
      const created = emulator.log.filter({
        service: "posthog",
        method: "POST",
        path: /external_data_sources\/?$/,
      });
      expect(created).toHaveLength(1);
      expect(emulator.posthog.sources()).toEqual([]);
      const refreshes = emulator.log.filter({ service: "workiva", method: "POST", path: /refresh\/?$/ });
      expect(refreshes.length).toBeGreaterThan(0);

      // No credential in the state file (secrets are stored encrypted).
      const state = fs.readFileSync(path.join(programDir, "state.json"), "utf8");
      for (const secret of [STRIPE_KEY, emulator.env.POSTHOG_API_KEY, emulator.env.WORKIVA_CLIENT_SECRET]) {
        expect(state).not.toContain(secret);
      }
    },
    4 * MINUTES,
  );
});
