import { startEmulator, type Emulator } from "./index";

describe("emulator.reset()", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(() => emulator.stop());

  it("puts both services back to their starting data, disarms faults and empties the log", async () => {
    emulator.posthog.createSource({
      source_type: "Stripe",
      prefix: "r_",
      payload: {
        auth_method: { selection: "api_key", stripe_secret_key: "rk_test_reset" },
        schemas: [{ name: "Customer", should_sync: true, sync_type: "full_refresh" }],
      },
    });
    emulator.workiva.addConnection({ connectionId: "reset-1", destinationId: "d" });
    emulator.faults.add({ method: "GET", path: /external_data_sources/, status: 503, times: Infinity });
    const list = () =>
      fetch(`${emulator.posthogHost}/api/projects/1/external_data_sources/`, {
        headers: { authorization: `Bearer ${emulator.env.POSTHOG_API_KEY}` },
      });
    expect((await list()).status).toBe(503);
    expect(emulator.log.count()).toBe(1);

    emulator.reset();

    expect(emulator.posthog.sources()).toHaveLength(0);
    expect(emulator.workiva.connection("reset-1")).toBeUndefined();
    expect(emulator.log.count()).toBe(0);
    expect((await list()).status).toBe(200);
  });
});
