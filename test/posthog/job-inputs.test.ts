/**
 * jobInputs in PostHog's own nested shapes: the preview check against field definitions, the
 * wizard answer's parsing, what a redacted read keeps and what a PATCH carries.
 */
import { builtInDefinitions } from "../../provider/posthog/config/catalogue";
import type { SourceDefinition } from "../../provider/posthog/config/field-definitions";
import { jobInputsFailures } from "../../provider/posthog/config/job-inputs-check";
import { jobInputsPatch } from "../../provider/posthog/config/job-inputs-patch";
import { jobInputsAfterRead } from "../../provider/posthog/config/job-inputs-read";
import { definitionsFromWizard } from "../../provider/posthog/config/wizard";
import { UNKNOWN } from "../../provider/posthog/common/unknown";

const defs = builtInDefinitions();
const def = (type: string): SourceDefinition => defs.get(type) as SourceDefinition;
const check = (type: string, inputs: Record<string, unknown>, requireFields = true) =>
  jobInputsFailures(def(type), inputs, { requireFields });

const KEY_FILE = {
  project_id: "p",
  private_key: "-----BEGIN PRIVATE KEY-----\nbq-secret\n-----END PRIVATE KEY-----",
  private_key_id: "kid",
  client_email: "svc@p.iam.gserviceaccount.com",
  token_uri: "https://oauth2.googleapis.com/token",
};

/** A valid jobInputs value per catalogue type (PostHog's shapes). */
export const VALID: Record<string, Record<string, unknown>> = {
  Stripe: {
    auth_method: { selection: "api_key", stripe_secret_key: "rk_live_x" },
    stripe_account_id: "acct_1",
  },
  Postgres: { host: "db", port: 5432, database: "app", user: "u", password: "pw" },
  MySQL: { host: "db", port: "3306", database: "app", user: "u", password: "pw", using_ssl: "true" },
  MSSQL: { host: "db", port: 1433, database: "app", user: "u", password: "pw", schema: "dbo" },
  Snowflake: {
    account_id: "acme-1",
    database: "DB",
    warehouse: "WH",
    auth_type: { selection: "keypair", user: "U", private_key: "-----BEGIN...", passphrase: "pp" },
  },
  BigQuery: {
    key_file: KEY_FILE,
    dataset_id: "analytics",
    dataset_project: { enabled: true, dataset_project_id: "other" },
  },
  Hubspot: { hubspot_integration_id: 42 },
  Salesforce: { salesforce_integration_id: "7" },
  Zendesk: { subdomain: "acme", api_key: "zk", email_address: "a@b.c" },
};

describe("jobInputs check against the field definitions", () => {
  it.each(Object.keys(VALID))("accepts PostHog's shape for %s", (type) => {
    expect(check(type, VALID[type])).toEqual([]);
  });

  it("a flat Stripe key names jobInputs.auth_method and where the key belongs", () => {
    const failures = check("Stripe", { stripe_secret_key: "rk_live_flat" });
    expect(failures.map((f) => f.property).sort()).toEqual([
      "jobInputs.auth_method",
      "jobInputs.stripe_secret_key",
    ]);
    expect(failures.find((f) => f.property === "jobInputs.stripe_secret_key")?.reason).toMatch(
      /belongs inside jobInputs.auth_method \(selection: "api_key"\)/,
    );
    expect(JSON.stringify(failures)).not.toContain("rk_live_flat");
  });

  it("requires the chosen option's fields, and names the allowed options", () => {
    expect(check("Stripe", { auth_method: { selection: "api_key" } })).toEqual([
      { property: "jobInputs.auth_method.stripe_secret_key", reason: expect.stringMatching(/is required/) },
    ]);
    expect(check("Stripe", { auth_method: { selection: "oauth" } })[0].property).toBe(
      "jobInputs.auth_method.stripe_integration_id",
    );
    expect(check("Stripe", { auth_method: { selection: "token", stripe_secret_key: "x" } })).toEqual([
      {
        property: "jobInputs.auth_method.selection",
        reason: '"token" is not allowed; allowed values: "api_key", "oauth"',
      },
    ]);
    expect(
      check("Stripe", {
        auth_method: { selection: "oauth", stripe_integration_id: 3, stripe_secret_key: "x" },
      })[0],
    ).toEqual({
      property: "jobInputs.auth_method.stripe_secret_key",
      reason: expect.stringMatching(/field of option "api_key", not of the chosen one/),
    });
  });

  it("checks types: a port is a whole number, an OAuth integration an id, a file an object with its keys", () => {
    expect(check("Postgres", { ...VALID.Postgres, port: "fifty" })).toEqual([
      { property: "jobInputs.port", reason: "must be a whole number" },
    ]);
    expect(check("Hubspot", { hubspot_integration_id: "abc" })[0].property).toBe(
      "jobInputs.hubspot_integration_id",
    );
    expect(
      check("Hubspot", { hubspot_secret_key: "pat" })
        .map((f) => f.property)
        .sort(),
    ).toEqual(["jobInputs.hubspot_integration_id", "jobInputs.hubspot_secret_key"]);
    expect(check("BigQuery", { ...VALID.BigQuery, key_file: "{...}" })[0]).toEqual({
      property: "jobInputs.key_file",
      reason: expect.stringMatching(/an object with the file's keys project_id, private_key/),
    });
    const { client_email: _omitted, ...partial } = KEY_FILE;
    expect(check("BigQuery", { ...VALID.BigQuery, key_file: partial })[0].property).toBe(
      "jobInputs.key_file.client_email",
    );
    expect(check("MySQL", { ...VALID.MySQL, using_ssl: "maybe" })[0]).toEqual({
      property: "jobInputs.using_ssl",
      reason: 'must be one of "true", "false"',
    });
  });

  it("a switch group's fields are required only when it is enabled; an SSH tunnel nests its auth", () => {
    expect(check("BigQuery", { ...VALID.BigQuery, dataset_project: { enabled: false } })).toEqual([]);
    expect(check("BigQuery", { ...VALID.BigQuery, dataset_project: { enabled: true } })[0].property).toBe(
      "jobInputs.dataset_project.dataset_project_id",
    );
    const tunnel = {
      enabled: true,
      host: "bastion",
      port: 22,
      auth: { selection: "password", username: "t" },
    };
    expect(check("Postgres", { ...VALID.Postgres, ssh_tunnel: tunnel })).toEqual([
      { property: "jobInputs.ssh_tunnel.auth.password", reason: expect.stringMatching(/is required/) },
    ]);
  });

  it("Snowflake: key pair or password under auth_type; user required in both", () => {
    const { auth_type: _a, ...rest } = VALID.Snowflake;
    expect(
      check("Snowflake", { ...rest, auth_type: { selection: "password", user: "U", password: "p" } }),
    ).toEqual([]);
    expect(
      check("Snowflake", { ...rest, auth_type: { selection: "keypair", private_key: "k" } })[0].property,
    ).toBe("jobInputs.auth_type.user");
    expect(check("Snowflake", { ...rest, user: "U", password: "p" }).map((f) => f.property)).toEqual(
      expect.arrayContaining(["jobInputs.user", "jobInputs.auth_type"]),
    );
  });

  it("never echoes a value, tolerates unknowns, and an adopted source needs nothing", () => {
    const failures = check("Postgres", { host: 5, port: "x", password: ["hunter2-secret"] });
    expect(JSON.stringify(failures)).not.toMatch(/hunter2/);
    expect(check("Stripe", { auth_method: UNKNOWN })).toEqual([]);
    expect(check("Stripe", { auth_method: { selection: "api_key", stripe_secret_key: UNKNOWN } })).toEqual(
      [],
    );
    expect(check("Stripe", {}, false)).toEqual([]);
  });
});

describe("the wizard answer", () => {
  const answer = {
    Stripe: {
      name: "Stripe",
      fields: [
        {
          type: "select",
          name: "auth_method",
          required: true,
          defaultValue: "api_key",
          options: [
            {
              value: "api_key",
              label: "Key",
              fields: [{ type: "password", name: "stripe_secret_key", required: true, secret: true }],
            },
            {
              value: "oauth",
              label: "OAuth",
              fields: [{ type: "oauth", name: "stripe_integration_id", required: true, kind: "stripe" }],
            },
          ],
        },
        { type: "text", name: "stripe_account_id", required: false, secret: false },
      ],
    },
    NewThing: {
      name: "NewThing",
      fields: [
        { type: "text", name: "token", required: true, secret: true },
        { type: "ssh-tunnel", name: "ssh_tunnel" },
        { type: "future-kind", name: "x" },
      ],
    },
    Broken: "nonsense",
  };

  it("becomes definitions the check uses, for types the catalogue does not know too", () => {
    const parsed = new Map(definitionsFromWizard(answer).map((d) => [d.sourceType, d]));
    expect([...parsed.keys()]).toEqual(["Stripe", "NewThing"]);
    expect(
      jobInputsFailures(parsed.get("Stripe") as SourceDefinition, VALID.Stripe, { requireFields: true }),
    ).toEqual([]);
    const newThing = parsed.get("NewThing") as SourceDefinition;
    expect(jobInputsFailures(newThing, {}, { requireFields: true })).toEqual([
      { property: "jobInputs.token", reason: "is required for NewThing sources: a string (secret)" },
    ]);
    expect(
      jobInputsFailures(
        newThing,
        { token: "t", x: { any: 1 }, ssh_tunnel: { enabled: true } },
        { requireFields: true },
      ),
    ).toEqual([
      { property: "jobInputs.ssh_tunnel.host", reason: expect.stringMatching(/is required/) },
      { property: "jobInputs.ssh_tunnel.auth", reason: expect.stringMatching(/is required/) },
    ]);
  });
});

describe("what a redacted read keeps", () => {
  it("PostHog's Stripe answer (secret dropped, unknown option field null) is no drift", () => {
    const read = {
      auth_method: { selection: "api_key", stripe_integration_id: null },
      stripe_account_id: null,
    };
    const sent = {
      auth_method: { selection: "api_key", stripe_secret_key: "rk" },
      stripe_account_id: "acct_1",
    };
    expect(jobInputsAfterRead(sent, read, def("Stripe").fields)).toEqual(sent);
  });

  it("normalised values (port as integer, 'true' as true, defaults added) are no drift; a changed host is", () => {
    const sent = { ...VALID.MySQL, port: "3306", using_ssl: "true" };
    const read = {
      host: "db",
      port: 3306,
      database: "app",
      user: "u",
      using_ssl: true,
      verify_server_certificate: false,
      schema: null,
    };
    expect(jobInputsAfterRead(sent, read, def("MySQL").fields)).toEqual(sent);
    expect(jobInputsAfterRead(sent, { ...read, host: "db2" }, def("MySQL").fields).host).toBe("db2");
  });

  it("a secret is kept even if PostHog shows something for it, at any depth", () => {
    const sent = VALID.BigQuery;
    const read = {
      key_file: { project_id: "p" },
      dataset_id: "analytics",
      dataset_project: { enabled: true, dataset_project_id: "other" },
    };
    expect(jobInputsAfterRead(sent, read, def("BigQuery").fields)).toEqual(sent);
    const tunnelSent = {
      ...VALID.Postgres,
      ssh_tunnel: {
        enabled: true,
        host: "b",
        auth: { selection: "password", username: "t", password: "tp" },
      },
    };
    const tunnelRead = {
      ...VALID.Postgres,
      password: "",
      ssh_tunnel: { enabled: true, host: "b", auth: { selection: "password", username: "t", password: "" } },
    };
    expect(jobInputsAfterRead(tunnelSent, tunnelRead, def("Postgres").fields)).toEqual(tunnelSent);
  });
});

describe("what a PATCH carries", () => {
  it("a host move carries the declared secrets (and nothing when nothing changed)", () => {
    const before = { ...VALID.Postgres, schema: "public" };
    expect(jobInputsPatch(before, before, def("Postgres"))).toBeUndefined();
    expect(jobInputsPatch(before, { ...before, host: "db2" }, def("Postgres"))).toEqual({
      host: "db2",
      password: "pw",
    });
    const tunnel = {
      enabled: true,
      host: "b",
      auth: { selection: "password", username: "t", password: "tp" },
    };
    expect(
      jobInputsPatch(
        { ...before, ssh_tunnel: tunnel },
        { ...before, ssh_tunnel: { ...tunnel, host: "b2" } },
        def("Postgres"),
      ),
    ).toEqual({ password: "pw", ssh_tunnel: { ...tunnel, host: "b2" } });
  });

  it("a changed secret is sent, its container whole; an unknown type sends every declared key", () => {
    const stripe = VALID.Stripe;
    const rotated = { ...stripe, auth_method: { selection: "api_key", stripe_secret_key: "rk_new" } };
    expect(jobInputsPatch(stripe, rotated, def("Stripe"))).toEqual({ auth_method: rotated.auth_method });
    expect(jobInputsPatch({ a: 1, b: 2 }, { a: 1, b: 3 }, undefined)).toEqual({ a: 1, b: 3 });
  });
});

describe("which jobInputs values are registered as secrets", () => {
  const { redact } = jest.requireActual("../../provider/http") as typeof import("../../provider/http");
  const { registerJobInputSecrets } = jest.requireActual(
    "../../provider/posthog/config/secrets",
  ) as typeof import("../../provider/posthog/config/secrets");

  it("the secret fields at any depth, never an option name or a plain setting", () => {
    registerJobInputSecrets(
      {
        account_id: "acme-visible",
        auth_type: { selection: "password", user: "SVC_USER", password: "sf-pw-registered" },
      },
      def("Snowflake"),
    );
    const text = redact("password sf-pw-registered for SVC_USER on acme-visible");
    expect(text).toBe("password [redacted] for SVC_USER on acme-visible");
  });

  it("without definitions every value but option names", () => {
    registerJobInputSecrets({ token: "tok-unknown-type", mode: { selection: "keypair" } });
    expect(redact("keypair tok-unknown-type")).toBe("keypair [redacted]");
  });
});
