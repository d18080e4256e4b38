/**
 * A create whose answer is lost must never leave a duplicate or an orphan (create-resolution.ts),
 * and a clash with someone else's source must say how to adopt it. Through the real provider host.
 */
import { posthog } from "pulumi-datasync";
import type { Emulator } from "../emulator";
import { failureOf, resourceNamed, type Stack } from "../harness";
import { SOURCES, posthogStack, requireBuild, startPosthogEmulator } from "./support";

const program = () => () => {
  const source = new posthog.ExternalDataSource("stripe", {
    sourceType: "Stripe",
    prefix: "stripe_",
    jobInputs: { auth_method: { selection: "api_key", stripe_secret_key: "sk_test_resolution" } },
    schemas: [{ name: "Customer" }],
  });
  return { id: source.id };
};

describe("ExternalDataSource create with a lost answer", () => {
  let emulator: Emulator;
  let stack: Stack | undefined;
  beforeAll(async () => {
    requireBuild();
    emulator = await startPosthogEmulator();
  });
  afterEach(async () => {
    await stack?.dispose();
    stack = undefined;
    emulator.reset();
  });
  afterAll(() => emulator.stop());

  const posts = () => emulator.log.filter({ method: "POST", path: SOURCES }).map((e) => e.status);

  it("a POST that times out but commits later is adopted, not duplicated and not orphaned", async () => {
    // The client gives up after 1 s; PostHog applies the create at ~2.5 s. (1 s, not less: the
    // look-ups and the other requests must not time out too on a busy machine.)
    emulator.faults.add({ method: "POST", path: SOURCES, delayMs: 2500 });
    stack = posthogStack(emulator, "lost-timeout", { DATASYNC_HTTP_TIMEOUT_MS: "1000" });
    const up = await stack.up(program());
    const live = emulator.posthog.sources();
    expect(live).toHaveLength(1);
    expect(resourceNamed(up, "stripe").id).toBe(live[0].id);
  });

  it("a re-sent POST rejected as a duplicate adopts the source the first POST created", async () => {
    // First POST: applied but the connection drops; the look-ups of the settle window (one request
    // timeout, 300 ms here) miss it (PostHog's list lags), so the POST is sent again and rejected
    // as a duplicate: the source the first POST created is ours.
    emulator.faults.add({ method: "POST", path: SOURCES, drop: "after" });
    emulator.faults.add({
      method: "GET",
      path: SOURCES,
      status: 200,
      body: { count: 0, next: null, previous: null, results: [] },
    });
    stack = posthogStack(emulator, "lost-duplicate", { DATASYNC_HTTP_TIMEOUT_MS: "300" });
    const up = await stack.up(program());
    expect(posts()).toEqual([0, 400]);
    const live = emulator.posthog.sources();
    expect(live).toHaveLength(1);
    expect(resourceNamed(up, "stripe").id).toBe(live[0].id);
  });

  it("someone else's source of the same type and prefix is named with how to adopt it, never taken over", async () => {
    const theirs = emulator.posthog.createSource({
      source_type: "Stripe",
      prefix: "stripe_",
      payload: {
        auth_method: { selection: "api_key", stripe_secret_key: "sk_test_theirs" },
        schemas: [{ name: "Charge", should_sync: true, sync_type: "full_refresh" }],
      },
    });
    stack = posthogStack(emulator, "clash");
    const failure = await failureOf(stack.up(program()));
    const message = failure.result.errors.join("\n");
    expect(message).toContain("already uses the prefix 'stripe_'");
    expect(message).toContain(`existingSourceId: "${theirs.id}"`);
    expect(failure.result.state.resources.filter((r) => r.name === "stripe")).toHaveLength(0);
    expect(emulator.posthog.sources()).toHaveLength(1);
  });
});
