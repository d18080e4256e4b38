/**
 * A provider whose credentials or host are missing or invalid fails `pulumi preview` (the
 * provider's `check`), not only `up`: through the real provider host, for every resource kind of
 * both services. The error names the config key and the environment variable, echoes no secret,
 * and no API call reaches the emulator.
 */
import { posthog, workiva } from "pulumi-datasync";
import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from "../emulator";
import { Stack, failureOf, type Program } from "../harness";
import { requireBuild } from "../posthog/support";

const POSTHOG_KEY = EMULATOR_CREDENTIALS.posthogApiKey;
const WORKIVA_SECRET = EMULATOR_CREDENTIALS.workivaClientSecret;

/** One program per PostHog resource kind: each kind's provider runs its own check. */
const POSTHOG_PROGRAMS: Record<string, Program> = {
  ExternalDataSource: () => {
    new posthog.ExternalDataSource("stripe", {
      sourceType: "Stripe",
      prefix: "stripe_",
      jobInputs: { auth_method: { selection: "api_key", stripe_secret_key: "sk_test_preview" } },
      schemas: [{ name: "Customer", syncType: "full_refresh", syncFrequency: "24hour" }],
    });
  },
  ExternalDataSchema: () => {
    new posthog.ExternalDataSchema("customer", {
      sourceId: "src-1",
      name: "Customer",
      syncFrequency: "1hour",
    });
  },
  SourceWebhook: () => {
    new posthog.SourceWebhook("hook", { sourceId: "src-1" });
  },
};

const refreshProgram: Program = () => {
  new workiva.Refresh("reports", { connections: ["conn-sales-1"] });
};

let emulator: Emulator;
beforeAll(async () => {
  requireBuild();
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.stop());

/** The errors of a preview that must fail, after checking it made no API call. */
async function failedPreview(stack: Stack, program: Program): Promise<string> {
  const mark = emulator.log.entries.length;
  const failure = await failureOf(stack.preview(program));
  expect(emulator.log.entries.slice(mark)).toEqual([]);
  expect(failure.result.rows.map((r) => r.status)).not.toContain("done");
  return failure.result.errors.join("\n");
}

/** The stack config of the emulator for one service, without `omit`, with `extra`. */
function serviceConfig(prefix: string, omit: string[] = [], extra: Record<string, string> = {}) {
  const config = Object.fromEntries(
    Object.entries(emulator.config).filter(([key]) => key.startsWith(prefix) && !omit.includes(key)),
  );
  return { ...config, ...extra };
}

describe("PostHog configuration errors at preview", () => {
  let stack: Stack;
  beforeAll(() => {
    stack = new Stack({ name: "ph-config", secretConfigKeys: ["posthog:apiKey"] });
  });
  afterAll(() => stack.dispose());

  it("a correct configuration previews (the control): its only call is the read of the source field definitions", async () => {
    stack.config = serviceConfig("posthog:");
    const mark = emulator.log.entries.length;
    for (const program of Object.values(POSTHOG_PROGRAMS)) {
      const preview = await stack.preview(program);
      expect(preview.ok).toBe(true);
    }
    // new jobInputs are checked against PostHog's own definitions (one read per provider process)
    expect(emulator.log.entries.slice(mark).map((e) => `${e.method} ${e.path}`)).toEqual([
      "GET /api/projects/1/external_data_sources/wizard/",
    ]);
  });

  it.each(Object.keys(POSTHOG_PROGRAMS))(
    "%s: a missing API key fails preview naming posthog:apiKey and POSTHOG_API_KEY",
    async (kind) => {
      stack.config = serviceConfig("posthog:", ["posthog:apiKey"]);
      const errors = await failedPreview(stack, POSTHOG_PROGRAMS[kind]);
      expect(errors).toContain(
        "PostHog API key is not configured: set `pulumi config set --secret posthog:apiKey ...` or POSTHOG_API_KEY",
      );
    },
  );

  it("http:// to a non-loopback host fails preview naming posthog:host and POSTHOG_HOST, no key echoed", async () => {
    stack.config = serviceConfig("posthog:", [], { "posthog:host": "http://eu.posthog.com" });
    const errors = await failedPreview(stack, POSTHOG_PROGRAMS.ExternalDataSource);
    expect(errors).toContain(
      'PostHog host must use https:// (plain http:// is accepted only for loopback hosts): got "http://eu.posthog.com" (posthog:host / POSTHOG_HOST)',
    );
    expect(errors).not.toContain(POSTHOG_KEY);
  });

  it("a host that is not a URL fails preview naming posthog:host", async () => {
    stack.config = serviceConfig("posthog:", [], { "posthog:host": "eu.posthog.com" });
    const errors = await failedPreview(stack, POSTHOG_PROGRAMS.ExternalDataSchema);
    expect(errors).toContain(
      'PostHog host "eu.posthog.com" is not an absolute URL (posthog:host / POSTHOG_HOST)',
    );
    expect(errors).not.toContain(POSTHOG_KEY);
  });
});

describe("Workiva configuration errors at preview", () => {
  let stack: Stack;
  beforeAll(() => {
    stack = new Stack({ name: "wk-config", secretConfigKeys: ["workiva:clientSecret"] });
  });
  afterAll(() => stack.dispose());

  it("a correct configuration previews with no API call (the control)", async () => {
    stack.config = serviceConfig("workiva:");
    const mark = emulator.log.entries.length;
    const preview = await stack.preview(refreshProgram);
    expect(preview.ok).toBe(true);
    expect(emulator.log.entries.slice(mark)).toEqual([]);
  });

  it("no credentials fail preview naming the client id, secret and token keys and variables", async () => {
    stack.config = serviceConfig("workiva:", ["workiva:clientId", "workiva:clientSecret"]);
    const errors = await failedPreview(stack, refreshProgram);
    for (const name of [
      "workiva:clientId",
      "WORKIVA_CLIENT_ID",
      "workiva:clientSecret",
      "WORKIVA_CLIENT_SECRET",
      "workiva:accessToken",
      "WORKIVA_ACCESS_TOKEN",
    ]) {
      expect(errors).toContain(name);
    }
  });

  it("a client id without its secret fails preview naming workiva:clientSecret and WORKIVA_CLIENT_SECRET", async () => {
    stack.config = serviceConfig("workiva:", ["workiva:clientSecret"]);
    const errors = await failedPreview(stack, refreshProgram);
    expect(errors).toContain(
      "Workiva client secret is not configured: set `pulumi config set --secret workiva:clientSecret ...` or WORKIVA_CLIENT_SECRET",
    );
  });

  it("a secret without its client id fails preview naming workiva:clientId, and echoes no secret", async () => {
    stack.config = serviceConfig("workiva:", ["workiva:clientId"]);
    const errors = await failedPreview(stack, refreshProgram);
    expect(errors).toContain(
      "Workiva client id is not configured: set `pulumi config set workiva:clientId ...` or WORKIVA_CLIENT_ID",
    );
    expect(errors).not.toContain(WORKIVA_SECRET);
  });

  it("http:// API and token URLs off loopback fail preview naming the key and variable, no secret echoed", async () => {
    stack.config = serviceConfig("workiva:", [], { "workiva:apiUrl": "http://h.app.wdesk.com/s/wdata/prep" });
    let errors = await failedPreview(stack, refreshProgram);
    expect(errors).toContain("(workiva:apiUrl / WORKIVA_API_URL)");
    expect(errors).toContain("must use https://");
    expect(errors).not.toContain(WORKIVA_SECRET);

    stack.config = serviceConfig("workiva:", [], {
      "workiva:tokenUrl": "ftp://api.app.wdesk.com/oauth2/token",
    });
    errors = await failedPreview(stack, refreshProgram);
    expect(errors).toContain("(workiva:tokenUrl / WORKIVA_TOKEN_URL)");
    expect(errors).not.toContain(WORKIVA_SECRET);
  });
});
