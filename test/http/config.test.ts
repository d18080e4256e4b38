import {
  configure,
  ConfigError,
  isLoopbackHost,
  posthogSettings,
  resetConfig,
  workivaSettings,
} from "../../provider/config";
import { clearSecrets, redact } from "../../provider/http";

const ENV_VARS = [
  "POSTHOG_HOST",
  "POSTHOG_API_KEY",
  "POSTHOG_PROJECT_ID",
  "WORKIVA_REGION",
  "WORKIVA_API_URL",
  "WORKIVA_TOKEN_URL",
  "WORKIVA_CLIENT_ID",
  "WORKIVA_CLIENT_SECRET",
  "WORKIVA_ACCESS_TOKEN",
];
const saved: Record<string, string | undefined> = {};

beforeEach(() => {
  for (const name of ENV_VARS) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
  resetConfig();
  clearSecrets();
});
afterEach(() => {
  for (const name of ENV_VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** A stack config like the one the dynamic-provider host passes to `configure`. */
function stack(values: Record<string, string>) {
  return { get: (key: string) => values[key] };
}

describe("PostHog settings", () => {
  it("defaults the host to US cloud and reads the key and project from the environment", () => {
    process.env.POSTHOG_API_KEY = "phx_env_key_1";
    process.env.POSTHOG_PROJECT_ID = "42";
    expect(posthogSettings()).toEqual({
      host: "https://us.posthog.com",
      apiKey: "phx_env_key_1",
      projectId: "42",
    });
  });

  it("prefers stack config over the environment, key by key", () => {
    process.env.POSTHOG_API_KEY = "phx_env_key_1";
    process.env.POSTHOG_HOST = "https://eu.posthog.com";
    configure(stack({ "posthog:apiKey": "phx_config_key", "posthog:projectId": "7" }));
    expect(posthogSettings()).toEqual({
      host: "https://eu.posthog.com",
      apiKey: "phx_config_key",
      projectId: "7",
    });
  });

  it("treats blank values as unset", () => {
    process.env.POSTHOG_API_KEY = "phx_env_key_1";
    configure(stack({ "posthog:apiKey": "  " }));
    expect(posthogSettings().apiKey).toBe("phx_env_key_1");
  });

  it("names both the config key and the variable when the API key is missing", () => {
    expect(() => posthogSettings()).toThrow(ConfigError);
    expect(() => posthogSettings()).toThrow(
      "PostHog API key is not configured: set `pulumi config set --secret posthog:apiKey ...` or POSTHOG_API_KEY",
    );
  });

  it("registers the API key with the redactor", () => {
    configure(stack({ "posthog:apiKey": "my-personal-key-123" }));
    posthogSettings();
    expect(redact("sent my-personal-key-123")).toBe("sent [redacted]");
  });

  it("accepts http:// only for loopback hosts", () => {
    process.env.POSTHOG_API_KEY = "k".repeat(10);
    for (const host of [
      "http://127.0.0.1:4010",
      "http://localhost:8000/",
      "http://[::1]:9",
      "http://127.9.8.7",
    ]) {
      process.env.POSTHOG_HOST = host;
      expect(posthogSettings().host).toBe(host.replace(/\/$/, ""));
    }
    for (const host of ["http://posthog.example.com", "http://10.0.0.5:8000", "http://128.0.0.1"]) {
      process.env.POSTHOG_HOST = host;
      expect(() => posthogSettings()).toThrow(/must use https:\/\/.*loopback.*posthog:host \/ POSTHOG_HOST/);
    }
    process.env.POSTHOG_HOST = "ftp://posthog.example.com";
    expect(() => posthogSettings()).toThrow(/https:\/\//);
    process.env.POSTHOG_HOST = "not a url";
    expect(() => posthogSettings()).toThrow(/not an absolute URL/);
  });
});

describe("Workiva settings", () => {
  it("defaults to the US region hosts", () => {
    expect(workivaSettings()).toEqual({
      region: "us",
      apiUrl: "https://h.app.wdesk.com/s/wdata/prep",
      tokenUrl: "https://api.app.wdesk.com/oauth2/token",
    });
  });

  it("picks both hosts from the region", () => {
    configure(stack({ "workiva:region": "EU" }));
    expect(workivaSettings()).toMatchObject({
      region: "eu",
      apiUrl: "https://h.eu.wdesk.com/s/wdata/prep",
      tokenUrl: "https://api.eu.wdesk.com/oauth2/token",
    });
    process.env.WORKIVA_REGION = "apac";
    resetConfig();
    expect(workivaSettings()).toMatchObject({
      apiUrl: "https://h.apac.wdesk.com/s/wdata/prep",
      tokenUrl: "https://api.apac.wdesk.com/oauth2/token",
    });
  });

  it("lets apiUrl and tokenUrl override the region's hosts", () => {
    process.env.WORKIVA_REGION = "eu";
    process.env.WORKIVA_API_URL = "http://127.0.0.1:4010/s/wdata/prep/";
    configure(stack({ "workiva:tokenUrl": "http://127.0.0.1:4010/oauth2/token" }));
    expect(workivaSettings()).toMatchObject({
      region: "eu",
      apiUrl: "http://127.0.0.1:4010/s/wdata/prep",
      tokenUrl: "http://127.0.0.1:4010/oauth2/token",
    });
  });

  it("rejects an unknown region, listing the valid ones", () => {
    process.env.WORKIVA_REGION = "mars";
    expect(() => workivaSettings()).toThrow(
      /"mars" is not one of us, eu, apac.*workiva:region \/ WORKIVA_REGION/,
    );
  });

  it("rejects a plain-http token URL on a public host", () => {
    configure(stack({ "workiva:tokenUrl": "http://api.app.wdesk.com/oauth2/token" }));
    expect(() => workivaSettings()).toThrow(/must use https:\/\/.*workiva:tokenUrl \/ WORKIVA_TOKEN_URL/);
  });

  it("resolves credentials config-first and registers the secrets", () => {
    process.env.WORKIVA_CLIENT_ID = "env-client";
    process.env.WORKIVA_CLIENT_SECRET = "env-secret-value";
    configure(
      stack({ "workiva:clientSecret": "config-secret-value", "workiva:accessToken": "ready-token-value" }),
    );
    expect(workivaSettings()).toMatchObject({
      clientId: "env-client",
      clientSecret: "config-secret-value",
      accessToken: "ready-token-value",
    });
    expect(redact("config-secret-value ready-token-value env-client")).toBe(
      "[redacted] [redacted] env-client",
    );
  });
});

describe("isLoopbackHost", () => {
  it("knows 127.0.0.0/8, localhost and ::1", () => {
    for (const h of [
      "127.0.0.1",
      "127.255.255.254",
      "localhost",
      "LOCALHOST",
      "api.localhost",
      "::1",
      "[::1]",
    ]) {
      expect(isLoopbackHost(h)).toBe(true);
    }
    for (const h of ["128.0.0.1", "127.0.0.256", "localhost.example.com", "10.0.0.1", "::2", "example.com"]) {
      expect(isLoopbackHost(h)).toBe(false);
    }
  });
});
