/**
 * The SDK floor: how long the Pulumi SDK itself takes to register scenario 2's program, with no
 * provider host, no harness and no API (bare `setMocks` answering at once), in a child process
 * started the way a TypeScript Pulumi program runs (`node --require tsx/cjs`). No run through the
 * real SDK, harness or `pulumi up`, can take less; the goals compare wall times with it.
 */
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import type { SdkFloor } from "./types";

const CHILD = path.join(__dirname, "sdk-floor-child.ts");

/** Runs the child for `count` resources and returns what it measured. */
export async function measureSdkFloor(count: number): Promise<SdkFloor> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--require", require.resolve("tsx/cjs"), CHILD, String(count)],
    { cwd: path.resolve(__dirname, "../.."), maxBuffer: 1024 * 1024 },
  );
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as SdkFloor;
}
