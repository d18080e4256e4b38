/**
 * Stopping the emulator leaves nothing running: a request held by a delay fault whose client went
 * away no longer keeps a timer (and so the test process) alive after `stop()`. Runs in a child
 * process, which must end by itself soon after `stop()` although the fault holds for 30 s.
 */
import { spawn } from "child_process";
import * as path from "path";
import { REPO_ROOT } from "../../harness/workspace";

const HELD_MS = 30_000;
/** Far below HELD_MS, far above a busy machine's exit time. */
const EXIT_WITHIN_MS = 10_000;

it("the process ends soon after stop() while a delay fault still holds a request", async () => {
  const child = spawn(
    path.join(REPO_ROOT, "node_modules", ".bin", "tsx"),
    [path.join(__dirname, "stop-child.ts")],
    { cwd: REPO_ROOT, env: { ...process.env, HELD_MS: String(HELD_MS) }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = () => out.includes("stopped") && resolve();
      child.stdout.on("data", onData);
      void exited.then(() =>
        out.includes("stopped") ? resolve() : reject(new Error(`child ended: ${out}`)),
      );
    });
    const ended = await Promise.race([
      exited.then(() => "ended"),
      new Promise((resolve) => setTimeout(resolve, EXIT_WITHIN_MS).unref()).then(() => "still running"),
    ]);
    expect({ ended, output: out.trim() }).toEqual({ ended: "ended", output: "stopped" });
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}, 90_000);
