import { configure, ConfigError, resetConfig } from "../../provider/config";
import {
  LEGACY_API_VERSION,
  WORKIVA_API_VERSION,
  configuredApiVersion,
  tokenApiVersion,
} from "../../provider/workiva/token-version";

describe("the X-Version of a token request", () => {
  afterEach(() => {
    resetConfig();
    delete process.env.WORKIVA_API_VERSION;
  });

  it("follows the token URL's path: /iam/v1/oauth2/token is 2022-01-01, anything else the pinned version", () => {
    expect(WORKIVA_API_VERSION).toBe("2026-01-01");
    expect(tokenApiVersion("https://api.app.wdesk.com/oauth2/token")).toBe("2026-01-01");
    expect(tokenApiVersion("https://api.eu.wdesk.com/iam/v1/oauth2/token")).toBe(LEGACY_API_VERSION);
    expect(tokenApiVersion("https://api.eu.wdesk.com/iam/v1/oauth2/token/")).toBe("2022-01-01");
    expect(tokenApiVersion("https://proxy.example/workiva/token")).toBe("2026-01-01");
    expect(tokenApiVersion("https://api.app.wdesk.com/iam/v1/oauth2/token", "2026-01-01")).toBe("2026-01-01");
  });

  it("workiva:apiVersion (config first, then WORKIVA_API_VERSION) overrides; a non-date is a ConfigError", () => {
    expect(configuredApiVersion()).toBeUndefined();
    process.env.WORKIVA_API_VERSION = "2027-04-01";
    expect(configuredApiVersion()).toBe("2027-04-01");
    configure({ get: (key) => (key === "workiva:apiVersion" ? "2026-01-01" : undefined) });
    expect(configuredApiVersion()).toBe("2026-01-01");
    configure({ get: (key) => (key === "workiva:apiVersion" ? "latest" : undefined) });
    expect(() => configuredApiVersion()).toThrow(ConfigError);
    expect(() => configuredApiVersion()).toThrow(/workiva:apiVersion \/ WORKIVA_API_VERSION/);
  });
});
