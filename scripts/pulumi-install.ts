/**
 * `npm run pulumi:install`: builds the real Pulumi CLI (`pulumi`) and its Node.js language host
 * (`pulumi-language-nodejs`) from the Go modules pinned in tools/pulumi-cli, into the git-ignored
 * `.pulumi-cli/bin`, with the CLI's version stamped in, and writes the dynamic-provider plugin
 * script `pulumi-resource-pulumi-nodejs` beside them. Everything comes from the Go module proxy;
 * no prebuilt binary is downloaded. Does nothing when the same pins are already built.
 *
 *   npm run pulumi:install            build if needed
 *   npm run pulumi:install -- --force rebuild even if current
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
  CLI_BIN_DIR,
  CLI_MODULE,
  LANGUAGE_HOST_MODULE,
  LANGUAGE_HOST_TOOLS_MODULE,
  PLUGIN_SCRIPT,
  PLUGIN_SCRIPT_NAME,
  REPO_ROOT,
  STAMP_FILE,
  TOOLS_MODULE,
  pinnedVersions,
  readStamp,
} from "./pulumi-cli/locate";

const rel = (p: string) => path.relative(REPO_ROOT, p) || ".";
const say = (line: string) => console.log(`pulumi:install: ${line}`);

class InstallError extends Error {}

/** `go version` as [major, minor, patch], or an error saying what to do. */
function goVersion(): { text: string; parts: number[] } {
  const out = spawnSync("go", ["version"], { encoding: "utf8" });
  if (out.error || out.status !== 0) {
    throw new InstallError(
      "Go is not on PATH. Install Go (see tools/pulumi-cli/go.mod for the minimum version) and run " +
        "`npm run pulumi:install` again, or install the Pulumi CLI yourself and put `pulumi` on PATH.",
    );
  }
  const match = out.stdout.match(/go(\d+)\.(\d+)(?:\.(\d+))?/);
  if (!match) throw new InstallError(`cannot read the Go version from \`go version\`: ${out.stdout.trim()}`);
  return { text: match[0], parts: [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] };
}

function atLeast(have: number[], want: number[]): boolean {
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== (want[i] ?? 0)) return (have[i] ?? 0) > (want[i] ?? 0);
  }
  return true;
}

function isCurrent(fingerprint: string): boolean {
  const stamp = readStamp();
  if (stamp?.fingerprint !== fingerprint) return false;
  return ["pulumi", "pulumi-language-nodejs", PLUGIN_SCRIPT_NAME].every((f) =>
    fs.existsSync(path.join(CLI_BIN_DIR, f)),
  );
}

/** Runs `go build`, printing a line every 30 s so that a long cold build does not look stuck. */
function goBuild(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn("go", args, { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
    const ticker = setInterval(
      () => say(`still building (${Math.round((Date.now() - started) / 1000)} s)...`),
      30_000,
    );
    child.on("error", (err) => {
      clearInterval(ticker);
      reject(err);
    });
    child.on("exit", (code, signal) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else
        reject(
          new InstallError(
            `go build in ${rel(cwd)} failed (${signal ?? `exit code ${code}`}); its errors are above`,
          ),
        );
    });
  });
}

async function main(): Promise<void> {
  const force = process.argv.includes("--force");
  const pins = pinnedVersions();
  if (!force && isCurrent(pins.fingerprint)) {
    say(`pulumi ${pins.cli} is already built in ${rel(CLI_BIN_DIR)} (nothing to do; --force rebuilds)`);
    return;
  }
  // --if-possible (npm test): without a usable Go, say what the tests will use instead and go on.
  const ifPossible = process.argv.includes("--if-possible");
  let go: ReturnType<typeof goVersion>;
  try {
    go = goVersion();
  } catch (err) {
    if (!ifPossible) throw err;
    say(`skipped: ${err instanceof Error ? err.message : String(err)}`);
    say(
      "the real-engine tests use a `pulumi` on PATH if there is one, else they skip (and fail where CI=true)",
    );
    return;
  }
  const minimum = pins.go.split(".").map(Number);
  if (!atLeast(go.parts, minimum)) {
    if (ifPossible) {
      say(`skipped: ${go.text} is older than Go ${pins.go} (tools/pulumi-cli/go.mod)`);
      return;
    }
    throw new InstallError(
      `${go.text} is too old: building Pulumi ${pins.cli} needs Go ${pins.go} or newer ` +
        "(tools/pulumi-cli/go.mod). Upgrade Go, or install the Pulumi CLI yourself and put `pulumi` on PATH.",
    );
  }
  say(`building pulumi ${pins.cli} (${CLI_MODULE}, via ${rel(TOOLS_MODULE)})`);
  say(
    `and pulumi-language-nodejs ${pins.languageHost} (Pulumi ${pins.languageHostRelease}, via ${rel(LANGUAGE_HOST_TOOLS_MODULE)})`,
  );
  say(`with ${go.text}, from the Go module proxy, into ${rel(CLI_BIN_DIR)}`);
  say("a cold build takes several minutes (10+ on 2 busy cores); Go caches it for next time");
  fs.mkdirSync(CLI_BIN_DIR, { recursive: true });
  fs.rmSync(STAMP_FILE, { force: true });
  const started = Date.now();
  // Pulumi's release build: tags osusergo,grpcnotrace and the version stamped into the SDK's
  // version package (the Automation API parses `pulumi version`). -s -w drops debug symbols.
  const build = (version: string, pkg: string) => [
    "build",
    "-trimpath",
    "-tags",
    "osusergo,grpcnotrace",
    "-ldflags",
    `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${version}`,
    "-o",
    CLI_BIN_DIR + path.sep,
    pkg,
  ];
  const env = {
    ...process.env,
    // go.sum pins every module; the checksum database has no entry for the language host's
    // pseudo-version (it is never tagged), so go.sum alone vouches for it.
    GONOSUMDB: [process.env.GONOSUMDB, LANGUAGE_HOST_MODULE].filter(Boolean).join(","),
    GOFLAGS: [process.env.GOFLAGS, "-mod=readonly"].filter(Boolean).join(" "),
  };
  say("1/2 pulumi");
  await goBuild(TOOLS_MODULE, build(pins.cli, `${CLI_MODULE}/cmd/pulumi`), env);
  say(`1/2 done after ${Math.round((Date.now() - started) / 1000)} s; 2/2 pulumi-language-nodejs`);
  await goBuild(LANGUAGE_HOST_TOOLS_MODULE, build(pins.languageHostRelease, LANGUAGE_HOST_MODULE), env);
  const plugin = path.join(CLI_BIN_DIR, PLUGIN_SCRIPT_NAME);
  fs.writeFileSync(plugin, PLUGIN_SCRIPT, { mode: 0o755 });
  const check = spawnSync(path.join(CLI_BIN_DIR, "pulumi"), ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  if (check.status !== 0 || check.stdout.trim() !== pins.cli) {
    throw new InstallError(
      `the built pulumi says ${JSON.stringify(check.stdout.trim() || check.stderr)}, not ${pins.cli}`,
    );
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  fs.writeFileSync(
    STAMP_FILE,
    JSON.stringify(
      { ...pins, goVersion: go.text, builtAt: new Date().toISOString(), buildSeconds: seconds },
      null,
      2,
    ) + "\n",
  );
  say(
    `built in ${seconds} s: ${rel(CLI_BIN_DIR)}/{pulumi,pulumi-language-nodejs,${PLUGIN_SCRIPT_NAME}} (pulumi ${pins.cli})`,
  );
}

main().catch((err: unknown) => {
  console.error(`pulumi:install: FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
