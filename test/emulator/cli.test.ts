/**
 * `npm run emulator` stops when asked: a SIGTERM to the npm process (what a process manager or
 * `kill <pid>` sends) and a SIGINT or SIGTERM to the emulator (Ctrl+C reaches every process of the
 * terminal's group) end the emulator and free its port.
 */
import { spawn, type ChildProcess } from "child_process";
import * as net from "net";
import { REPO_ROOT } from "../harness/workspace";

/** Generous: the machine may be busy, and npm plus the TypeScript loader take seconds to start. */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

interface Started {
  npm: ChildProcess;
  /** Exit code of the npm process, once it ended. */
  npmExit: Promise<number | null>;
  port: number;
  /** Process id of the emulator itself (npm's grandchild). */
  pid: number;
  output: () => string;
}

const started: Started[] = [];

function startCli(): Promise<Started> {
  const npm = spawn("npm", ["run", "--silent", "emulator"], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  npm.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  npm.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  const npmExit = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
  return new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start:\n${out}`)), START_TIMEOUT_MS);
    const onData = () => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+) \(pid (\d+)\)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      npm.stdout?.off("data", onData);
      const s = { npm, npmExit, port: Number(m[1]), pid: Number(m[2]), output: () => out };
      started.push(s);
      resolve(s);
    };
    npm.stdout?.on("data", onData);
    void npmExit.then(() => reject(new Error(`npm ended before the emulator started:\n${out}`)));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Waits until the emulator process is gone and its port refuses connections (or the timeout). */
async function waitStopped(s: Started): Promise<{ alive: boolean; portOpen: boolean }> {
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  for (;;) {
    const state = { alive: alive(s.pid), portOpen: await portOpen(s.port) };
    if ((!state.alive && !state.portOpen) || Date.now() > deadline) return state;
    await new Promise((r) => setTimeout(r, 200));
  }
}

afterEach(() => {
  // Whatever a failed test left running (only processes this test started).
  for (const s of started.splice(0)) {
    if (alive(s.pid)) process.kill(s.pid, "SIGKILL");
    if (s.npm.exitCode === null) s.npm.kill("SIGKILL");
  }
});

describe("npm run emulator", () => {
  it("a SIGTERM to the npm process stops the emulator and frees its port", async () => {
    const s = await startCli();
    expect(s.pid).not.toBe(s.npm.pid);
    expect(await portOpen(s.port)).toBe(true);
    s.npm.kill("SIGTERM");
    await s.npmExit;
    expect(await waitStopped(s)).toEqual({ alive: false, portOpen: false });
  });

  it.each(["SIGINT", "SIGTERM"] as const)(
    "a %s to the emulator stops it, frees the port, and npm ends with code 0",
    async (signal) => {
      const s = await startCli();
      process.kill(s.pid, signal);
      expect(await s.npmExit).toBe(0);
      expect(await waitStopped(s)).toEqual({ alive: false, portOpen: false });
      expect(s.output()).toContain(`emulator stopping (${signal})`);
    },
  );
});
