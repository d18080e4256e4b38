/**
 * The token request speaks Workiva's versioned API on purpose (provider/workiva/token-version.ts),
 * through the real provider host against the emulator, which routes the token endpoints by
 * `X-Version` as Workiva documents them: `/oauth2/token` exists only in 2026-01-01, and a request
 * without the header is served by 2022-01-01 (whose endpoint is `/iam/v1/oauth2/token`).
 */
import type { Emulator } from "../emulator";
import { Stack, StackRunError } from "../harness";
import {
  emulatorStack,
  expectNoLeaks,
  FAST_POLL,
  refreshProgram,
  requireBuild,
  startWorkivaEmulator,
  workivaCalls,
} from "./support";

describe("workiva token request: versioned", () => {
  let emulator: Emulator;
  let stack: Stack | undefined;

  beforeAll(async () => {
    requireBuild();
    emulator = await startWorkivaEmulator();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());
  afterEach(async () => {
    await stack?.dispose();
    stack = undefined;
  });

  const tokenStatuses = () =>
    emulator.log.filter({ service: "workiva", method: "POST", path: /oauth2\/token$/ }).map((e) => e.status);

  it("the default /oauth2/token gets its token only with X-Version 2026-01-01 (one exchange)", async () => {
    stack = emulatorStack(emulator, "token-default");
    const up = await stack.up(refreshProgram({ connections: ["conn-sales-1"] }));
    expect(up.outputs.status).toBe("complete");
    expect(tokenStatuses()).toEqual([200]);
    expect(emulator.log.filter({ method: "POST", path: "/oauth2/token" })).toHaveLength(1);
    expect(emulator.workiva.tokensIssued()).toBe(1);
    expectNoLeaks(up);
  });

  it("a token URL set to /iam/v1/oauth2/token is honoured with the version it needs", async () => {
    const legacy = `${emulator.url}/iam/v1/oauth2/token`;
    stack = new Stack({
      name: "token-legacy",
      config: {
        ...Object.fromEntries(Object.entries(emulator.config).filter(([k]) => k.startsWith("workiva:"))),
        "workiva:tokenUrl": legacy,
      },
      secretConfigKeys: ["workiva:clientSecret"],
      env: FAST_POLL,
    });
    const up = await stack.up(refreshProgram({ connections: ["conn-sales-1"] }));
    expect(up.outputs.status).toBe("complete");
    expect(
      emulator.log.filter({ method: "POST", path: "/iam/v1/oauth2/token" }).map((e) => e.status),
    ).toEqual([200]);
    expect(emulator.log.filter({ method: "POST", path: "/oauth2/token" })).toHaveLength(0);
  });

  it("workiva:apiVersion overrides the pinned version (an unknown one is refused, nothing starts)", async () => {
    stack = emulatorStack(emulator, "token-override", { WORKIVA_API_VERSION: "2031-01-01" });
    const failed = await stack.up(refreshProgram({ connections: ["conn-sales-1"] })).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(StackRunError);
    expect(String((failed as Error).message)).toMatch(/400/);
    expect(tokenStatuses()).toEqual([400]);
    expect(workivaCalls(emulator).refreshPosts()).toBe(0);
    expect(emulator.workiva.runs()).toHaveLength(0);
  });
});
