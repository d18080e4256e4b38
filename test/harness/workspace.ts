import * as fs from "fs";
import * as path from "path";

/** The repository root (the `pulumi-datasync` package). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The test-only provider package the harness tests use. */
export const FIXTURES_PACKAGE = path.join(__dirname, "fixtures", "datasync-harness-fixtures");

/**
 * Packages linked into every workspace's `node_modules`, as a user's `npm install` would place them:
 * the package under test, its Pulumi SDK and the test-only fixtures.
 */
const LINKED_PACKAGES: Record<string, string> = {
  "pulumi-datasync": REPO_ROOT,
  "@pulumi/pulumi": path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"),
  "datasync-harness-fixtures": FIXTURES_PACKAGE,
};

/** Default parent of harness workspaces (gitignored). */
export const HARNESS_ROOT = path.join(REPO_ROOT, ".harness");

function link(target: string, linkPath: string): void {
  fs.mkdirSync(path.dirname(linkPath), { recursive: true });
  // A package really installed there (`npm install` of a tarball in a program folder) stays.
  if (fs.lstatSync(linkPath, { throwIfNoEntry: false })?.isDirectory()) return;
  try {
    if (fs.readlinkSync(linkPath) === target) return;
    fs.rmSync(linkPath, { force: true });
  } catch {
    // not a link yet
  }
  fs.symlinkSync(target, linkPath, "dir");
}

/**
 * Prepares a program directory like a real Pulumi project's: `node_modules/<pkg>` symlinks to the
 * packages above (a package already installed there as a real directory is kept). The provider host runs with this directory as its cwd, so `require("pulumi-datasync/...")`
 * inside `__provider` code resolves exactly as in a user's project. With no `dir`, creates a fresh
 * directory under `.harness/`. Returns the absolute directory.
 */
export function prepareWorkspace(dir?: string, prefix = "stack"): string {
  let ws: string;
  if (dir) {
    ws = path.resolve(dir);
    fs.mkdirSync(ws, { recursive: true });
  } else {
    fs.mkdirSync(HARNESS_ROOT, { recursive: true });
    ws = fs.mkdtempSync(path.join(HARNESS_ROOT, `${prefix.replace(/[^A-Za-z0-9_.-]/g, "_")}-`));
  }
  for (const [name, target] of Object.entries(LINKED_PACKAGES)) {
    link(target, path.join(ws, "node_modules", ...name.split("/")));
  }
  return ws;
}
