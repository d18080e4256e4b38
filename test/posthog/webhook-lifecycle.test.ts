/**
 * posthog.SourceWebhook through the real dynamic-provider host against the PostHog emulator.
 * API calls are counted at the emulator.
 */
import { posthog } from "pulumi-datasync";
import type { Emulator } from "../emulator";
import type { Stack } from "../harness";
import {
  expectNoLeaks,
  failureOf,
  opsOf,
  posthogCalls,
  posthogStack,
  requireBuild,
  resourceNamed,
  startPosthogEmulator,
} from "./support";

const STRIPE_KEY = "sk_test_webhook_5151";

describe("posthog.SourceWebhook through the provider host", () => {
  let emulator: Emulator;
  let stack: Stack;
  let calls: ReturnType<typeof posthogCalls>;

  const newStripeSource = (prefix: string): string =>
    emulator.posthog.createSource({
      source_type: "Stripe",
      prefix,
      payload: {
        auth_method: { selection: "api_key", stripe_secret_key: STRIPE_KEY },
        schemas: [{ name: "Customer", should_sync: true, sync_type: "full_refresh" }],
      },
    }).id;
  const webhookProgram = (sourceId: string) => () => {
    const webhook = new posthog.SourceWebhook("hook", { sourceId });
    return { url: webhook.webhookUrl };
  };

  beforeAll(async () => {
    requireBuild();
    emulator = await startPosthogEmulator();
    calls = posthogCalls(emulator);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
  });
  afterEach(() => stack?.dispose());

  it("a lost create_webhook answer records the webhook; the next up completes it; destroy removes it", async () => {
    const source = newStripeSource("lost_");
    stack = posthogStack(emulator, "hook-lost");
    emulator.faults.add({ method: "POST", path: /\/create_webhook\/?$/, commitThenFail: 502 });
    emulator.log.clear();
    const failure = await failureOf(stack.up(webhookProgram(source)));
    expect(failure.result.errors.join("\n")).toContain("create_webhook (its answer was lost");
    expect(resourceNamed(failure.result, "hook").id).toBe(source);

    const again = await stack.up(webhookProgram(source));
    expect(again.ok).toBe(true);
    expect(again.outputs.url).toMatch(new RegExp(`^${emulator.url}/public/webhooks/dwh/`));
    expect(calls.sequence().filter((c) => c.endsWith("create_webhook/"))).toHaveLength(2);
    emulator.log.clear();
    expect((await stack.up(webhookProgram(source))).totals).toEqual({ same: 1 });
    expect(calls.all()).toBe(0);

    await stack.destroy();
    expect(calls.sequence().filter((c) => c.endsWith("delete_webhook/"))).toHaveLength(1);
  });

  it("create, no-op, replace on another source, refresh, destroy", async () => {
    const first = newStripeSource("a_");
    stack = posthogStack(emulator, "hook-life");
    emulator.log.clear();
    const up = await stack.up(webhookProgram(first));
    expect(calls.sequence()).toEqual(["POST external_data_sources/:id/create_webhook/"]);
    expect(resourceNamed(up, "hook").id).toBe(first);
    expect(up.outputs.url).toMatch(new RegExp(`^${emulator.url}/public/webhooks/dwh/`));
    expect(emulator.posthog.source(first)?.webhook.exists).toBe(true);
    expect(up.rows[0].providerBytes).toBeLessThanOrEqual(4096);
    expectNoLeaks(up, [STRIPE_KEY]);

    emulator.log.clear();
    expect(opsOf(await stack.up(webhookProgram(first)))).toEqual({ hook: "same" });
    expect(calls.all()).toBe(0);

    const refreshed = await stack.refresh();
    expect(refreshed.rows[0].op).toBe("read");
    expect(calls.sequence()).toEqual(["GET external_data_sources/:id/"]);

    const second = newStripeSource("b_");
    emulator.log.clear();
    const replaced = await stack.up(webhookProgram(second));
    expect(opsOf(replaced)).toEqual({ hook: "replace" });
    expect(replaced.rows[0].deleteBeforeReplace).toBe(true);
    expect(calls.sequence()).toEqual([
      "POST external_data_sources/:id/delete_webhook/",
      "POST external_data_sources/:id/create_webhook/",
    ]);
    expect(emulator.posthog.source(first)?.webhook.exists).toBe(false);
    expect(emulator.posthog.source(second)?.webhook.exists).toBe(true);

    emulator.log.clear();
    await stack.destroy();
    expect(calls.sequence()).toEqual(["POST external_data_sources/:id/delete_webhook/"]);
    expect(emulator.posthog.source(second)?.webhook.exists).toBe(false);
  });

  it("success: false is an error carrying PostHog's text; nothing is recorded", async () => {
    const source = newStripeSource("c_");
    emulator.posthog.setWebhookError(source, "Stripe refused the webhook: missing permission");
    stack = posthogStack(emulator, "hook-fail");
    const failed = await failureOf(stack.up(webhookProgram(source)));
    expect(failed.result.errors.join("\n")).toMatch(
      /create_webhook .* failed: Stripe refused the webhook: missing permission/,
    );
    expect(failed.result.state.resources).toEqual([]);
  });

  it("a source deleted elsewhere: refresh reports the webhook gone; destroying it then succeeds", async () => {
    const source = newStripeSource("d_");
    stack = posthogStack(emulator, "hook-gone");
    await stack.up(webhookProgram(source));
    emulator.posthog.deleteSource(source);
    const refreshed = await stack.refresh();
    expect(refreshed.rows.map((r) => r.op)).toEqual(["refresh-gone"]);

    const again = posthogStack(emulator, "hook-gone-2");
    try {
      const other = newStripeSource("e_");
      await again.up(webhookProgram(other));
      emulator.posthog.deleteSource(other);
      expect((await again.destroy()).ok).toBe(true);
    } finally {
      await again.dispose();
    }
  });

  it("a webhook on a source of the same program is deleted before its source", async () => {
    stack = posthogStack(emulator, "hook-same");
    const program = () => {
      const source = new posthog.ExternalDataSource("stripe", {
        sourceType: "Stripe",
        prefix: "hooked_",
        jobInputs: { auth_method: { selection: "api_key", stripe_secret_key: STRIPE_KEY } },
        schemas: [{ name: "Customer", syncType: "full_refresh" }],
      });
      const webhook = new posthog.SourceWebhook("hook", { sourceId: source.id });
      return { url: webhook.webhookUrl };
    };
    expect((await stack.preview(program)).ok).toBe(true);
    expect(calls.all()).toBe(0);
    await stack.up(program);
    emulator.log.clear();
    await stack.destroy();
    expect(calls.sequence()).toEqual([
      "POST external_data_sources/:id/delete_webhook/",
      "DELETE external_data_sources/:id/",
    ]);
  });
});
