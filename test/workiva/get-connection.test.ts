/**
 * `workiva.getConnection` / `getConnectionOutput` in a program run by the harness: the settings
 * come from the stack config (no WORKIVA_* variable in this process), the result is the
 * connection's details as the API returns them, and it can feed a Refresh.
 */
import * as fs from "fs";
import { workiva } from "pulumi-datasync";
import type { Emulator } from "../emulator";
import type { Stack } from "../harness";
import {
  BUILT_PROVIDER,
  CONNECTIONS,
  emulatorStack,
  expectNoLeaks,
  startWorkivaEmulator,
  workivaCalls,
} from "./support";

describe("workiva.getConnection", () => {
  let emulator: Emulator;
  let stack: Stack;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT_PROVIDER))
      throw new Error(`run \`npm run build\` first (${BUILT_PROVIDER} missing)`);
    for (const key of Object.keys(process.env)) if (key.startsWith("WORKIVA_")) delete process.env[key];
    emulator = await startWorkivaEmulator();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
  });
  afterEach(() => stack?.dispose());

  it("returns the details (camelCase, as the API returns them) and feeds a Refresh", async () => {
    stack = emulatorStack(emulator, "getconn");
    const program = () => {
      const connection = workiva.getConnectionOutput({ connectionId: "conn-finance-1" });
      const refresh = new workiva.Refresh("refresh", {
        connections: [connection.connectionId],
        triggers: { destination: connection.destinationId },
      });
      return { connection, status: refresh.status };
    };

    const preview = await stack.preview(program);
    expect(workivaCalls(emulator).refreshPosts()).toBe(0);
    expect(preview.outputs.connection).toMatchObject({ connectionId: "conn-finance-1" });

    const up = await stack.up(program);
    expect(up.outputs.status).toBe("complete");
    expect(up.outputs.connection).toEqual(
      expect.objectContaining({
        connectionId: "conn-finance-1",
        name: "Trial balance",
        destinationId: "wb-finance-close",
        destinationType: "spreadsheet",
        sourceType: "wdata_query",
        lastRun: null,
        lastRunJobId: null,
        workspaceId: expect.any(String),
      }),
    );
    expect(emulator.log.count({ method: "GET", path: `${CONNECTIONS}/conn-finance-1` })).toBe(2); // preview + up
    expectNoLeaks(up);
  });

  it("rejects an invalid id without a call, and names an unknown one (settings from the environment)", async () => {
    await expect(workiva.getConnection({ connectionId: "a/../b" })).rejects.toThrow(
      `getConnection: connectionId "a/../b" must not contain '/'`,
    );
    expect(emulator.log.count({ service: "workiva" })).toBe(0);
    Object.assign(process.env, emulator.env);
    try {
      await expect(workiva.getConnection({ connectionId: "conn-nope" })).rejects.toThrow(
        "Workiva connection conn-nope was not found (GET /api/v1/connections/conn-nope answered 404)",
      );
      await expect(workiva.getConnection({ connectionId: "conn-esg-2" })).resolves.toMatchObject({
        connectionId: "conn-esg-2",
        destinationId: "doc-esg-report",
      });
    } finally {
      for (const key of Object.keys(emulator.env)) delete process.env[key];
    }
  });
});
