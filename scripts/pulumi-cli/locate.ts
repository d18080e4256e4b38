/**
 * Where the real Pulumi CLI is on this machine: the one `npm run pulumi:install` builds into
 * `.pulumi-cli/bin` (from the Go module pinned in tools/pulumi-cli), else a `pulumi` on PATH.
 * Shared by the install script, the CLI tests (test/cli) and the demo.
 */
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Our Go module that pins the CLI. */
export const TOOLS_MODULE = path.join(REPO_ROOT, "tools", "pulumi-cli");
/** Our Go module that pins the Node.js language host (apart: it needs older pkg/sdk modules). */
export const LANGUAGE_HOST_TOOLS_MODULE = path.join(TOOLS_MODULE, "language-host");
/** Where `npm run pulumi:install` puts the binaries (git-ignored). */
export const CLI_BIN_DIR = path.join(REPO_ROOT, ".pulumi-cli", "bin");
/** What was built, so that a second install does nothing. */
export const STAMP_FILE = path.join(CLI_BIN_DIR, "build-stamp.json");
export const PLUGIN_SCRIPT_NAME = "pulumi-resource-pulumi-nodejs";

/** The versions tools/pulumi-cli/go.mod pins. */
export interface PinnedVersions {
  /** `github.com/pulumi/pulumi/pkg/v3`: the CLI's version (stamped into the binary). */
  cli: string;
  /** `github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3` (a pseudo-version). */
  languageHost: string;
  /** The pkg/v3 version the language host is built with (its Pulumi release). */
  languageHostRelease: string;
  /** The highest `go` line of both modules: the oldest Go that builds them. */
  go: string;
  /** sha256 of go.mod + go.sum + the plugin script: a change of any means a rebuild. */
  fingerprint: string;
}

export const CLI_MODULE = "github.com/pulumi/pulumi/pkg/v3";
export const LANGUAGE_HOST_MODULE = "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3";

/**
 * The bundled dynamic-provider plugin the engine starts for `pulumi-nodejs:dynamic:*` resources:
 * the provider host of the program's own `@pulumi/pulumi`, run from the program directory (the
 * engine's working directory for plugins), as Pulumi's own script does.
 */
export const PLUGIN_SCRIPT = `#!/bin/sh
# Written by scripts/pulumi-install.ts: the dynamic-provider plugin bundled with Pulumi's Node.js SDK.
# Runs the provider host of the program's own @pulumi/pulumi (resolved from the working directory).
entry=$(node -p 'require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [process.cwd()] })') || exit 1
exec node "$entry" "$@"
`;

function readModule(dir: string): { goMod: string; goSum: string; go: number[] } {
  const goMod = fs.readFileSync(path.join(dir, "go.mod"), "utf8");
  const goSum = fs.readFileSync(path.join(dir, "go.sum"), "utf8");
  const go = goMod.match(/^go\s+(\S+)/m)?.[1];
  if (!go) throw new Error(`${path.relative(REPO_ROOT, dir)}/go.mod has no \`go\` line`);
  return { goMod, goSum, go: go.split(".").map(Number) };
}

function required(goMod: string, module: string, where: string): string {
  const match = goMod.match(
    new RegExp(`^\\s*(?:require\\s+)?${module.replace(/[./]/g, "\\$&")}\\s+(v\\S+)`, "m"),
  );
  if (!match) throw new Error(`${where}/go.mod does not require ${module}`);
  return match[1];
}

export function pinnedVersions(): PinnedVersions {
  const cli = readModule(TOOLS_MODULE);
  const host = readModule(LANGUAGE_HOST_TOOLS_MODULE);
  const newer = (a: number[], b: number[]) => (a[0] - b[0] || a[1] - b[1] || (a[2] ?? 0) - (b[2] ?? 0)) >= 0;
  const go = (newer(cli.go, host.go) ? cli.go : host.go).join(".");
  const fingerprint = crypto
    .createHash("sha256")
    .update(cli.goMod + cli.goSum + host.goMod + host.goSum + PLUGIN_SCRIPT)
    .digest("hex");
  return {
    cli: required(cli.goMod, CLI_MODULE, "tools/pulumi-cli"),
    languageHost: required(host.goMod, LANGUAGE_HOST_MODULE, "tools/pulumi-cli/language-host"),
    languageHostRelease: required(host.goMod, CLI_MODULE, "tools/pulumi-cli/language-host"),
    go,
    fingerprint,
  };
}

/** A usable Pulumi CLI. */
export interface PulumiCli {
  /** Folder holding `pulumi` and its plugins. */
  binDir: string;
  /** Its parent: what `PulumiCommand.get({ root })` takes (it runs `<root>/bin/pulumi`). */
  root: string;
  /** Absolute path of the `pulumi` binary. */
  pulumi: string;
  /** `pulumi version` output, e.g. v3.276.0. */
  version: string;
  /** built = `.pulumi-cli/bin` from our Go module; path = an installed `pulumi` on PATH. */
  source: "built" | "path";
}

/** The stamp of the last build, if any. */
export function readStamp(): (PinnedVersions & { builtAt: string; goVersion: string }) | undefined {
  try {
    return JSON.parse(fs.readFileSync(STAMP_FILE, "utf8"));
  } catch {
    return undefined;
  }
}

function versionOf(pulumi: string): string | undefined {
  const out = spawnSync(pulumi, ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    timeout: 60_000,
  });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

/** The built CLI when it is complete and current, else `pulumi` on PATH, else undefined. */
export function findPulumiCli(): PulumiCli | undefined {
  const built = path.join(CLI_BIN_DIR, "pulumi");
  const stamp = readStamp();
  if (stamp && fs.existsSync(built) && fs.existsSync(path.join(CLI_BIN_DIR, PLUGIN_SCRIPT_NAME))) {
    const version = versionOf(built);
    if (version)
      return {
        binDir: CLI_BIN_DIR,
        root: path.dirname(CLI_BIN_DIR),
        pulumi: built,
        version,
        source: "built",
      };
  }
  const which = spawnSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" });
  const onPath = which.status === 0 ? which.stdout.trim() : "";
  if (onPath) {
    const version = versionOf(onPath);
    const binDir = path.dirname(fs.realpathSync(onPath));
    if (version) return { binDir, root: path.dirname(binDir), pulumi: onPath, version, source: "path" };
  }
  return undefined;
}
