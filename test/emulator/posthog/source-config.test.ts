import { REJECTED_CREDENTIALS_MESSAGES } from "./credentials";
import { CREATE_MESSAGES } from "./source-create";
import { buildEmulator, postgresBody, stripeBody, type TestEmulator } from "./test-helpers";

const KEY_FILE = {
  project_id: "proj",
  private_key: "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n",
  private_key_id: "kid",
  client_email: "sa@proj.iam.gserviceaccount.com",
  token_uri: "https://oauth2.googleapis.com/token",
};

const TUNNEL = {
  enabled: true,
  host: "bastion.example.com",
  port: "2222",
  auth: {
    selection: "keypair",
    username: "tunnel",
    private_key: "-----BEGIN OPENSSH-----",
    passphrase: "pp",
  },
};

describe("PostHog emulator: source configuration (job_inputs) per source type", () => {
  let emu: TestEmulator;
  beforeEach(async () => {
    emu = await buildEmulator();
  });
  afterEach(() => emu.close());

  const create = (body: unknown) => emu.call("POST", "external_data_sources/", { body });
  const read = async (id: string) => (await emu.call("GET", `external_data_sources/${id}/`)).body;
  const stored = (id: string) => emu.control.source(id)!.stored_job_inputs;
  const one = (name: string) => [{ name, should_sync: true, sync_type: "full_refresh" }];

  describe("Stripe", () => {
    it("a flat stripe_secret_key is refused: 400 Required field 'auth_method' is missing", async () => {
      const body = stripeBody({}, { auth_method: undefined, stripe_secret_key: "rk_test_flat" });
      const answer = await create(body);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        message: "Invalid source config: Required field 'auth_method' is missing",
      });
      expect(emu.control.sources()).toHaveLength(0);
    });

    it("the chosen option's own fields are checked as credentials (Stripe's wording)", async () => {
      const noKey = await create(stripeBody({}, { auth_method: { selection: "api_key" } }));
      expect(noKey.body).toEqual({
        message: "Stripe API key is not configured. Please update the source configuration.",
      });
      const noIntegration = await create(stripeBody({}, { auth_method: { selection: "oauth" } }));
      expect(noIntegration.body).toEqual({
        message: "Stripe integration ID is not configured. Please reconnect your Stripe account.",
      });
      const oauth = await create(
        stripeBody({}, { auth_method: { selection: "oauth", stripe_integration_id: "17" } }),
      );
      expect(oauth.status).toBe(201);
      expect(stored(oauth.body.id).auth_method).toEqual({
        selection: "oauth",
        stripe_integration_id: 17,
        stripe_secret_key: null,
      });
      expect((await read(oauth.body.id)).job_inputs.auth_method).toEqual({
        selection: "oauth",
        stripe_integration_id: 17,
      });
    });
  });

  describe("Postgres / MySQL / MSSQL", () => {
    it("schema is optional: without it every schema's tables are found as schema.table", async () => {
      const bare = await create(postgresBody({}, { schema: undefined, schemas: one("orders") }));
      expect(bare.body).toEqual({ message: CREATE_MESSAGES.unknownSchemas });
      const answer = await create(
        postgresBody(
          {},
          { schema: undefined, schemas: [...one("public.orders"), ...one("analytics.sessions")] },
        ),
      );
      expect(answer.status).toBe(201);
      expect((await read(answer.body.id)).schemas.map((schema: { name: string }) => schema.name)).toEqual([
        "analytics.sessions",
        "public.orders",
      ]);
      expect(stored(answer.body.id).schema).toBeNull();
    });

    it("MySQL: defaults added (using_ssl true, verify false), port an integer, password never read back", async () => {
      const answer = await create({
        source_type: "MySQL",
        prefix: "my_",
        payload: {
          host: "mysql.internal",
          port: "3306",
          database: "shop",
          user: "u",
          password: "pw",
          schemas: one("public.orders"),
        },
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({ id: expect.any(String) });
      const schemas = (await read(answer.body.id)).schemas.map((schema: { name: string }) => schema.name);
      expect(schemas).toEqual(["public.orders"]);
      expect((await read(answer.body.id)).job_inputs).toEqual({
        host: "mysql.internal",
        port: 3306,
        database: "shop",
        user: "u",
        schema: null,
        using_ssl: true,
        verify_server_certificate: false,
        ssh_tunnel: null,
      });
    });

    it("SSH tunnel secrets are dropped at depth; auth reads back with `selection`, require_tls added", async () => {
      const answer = await create(postgresBody({}, { ssh_tunnel: TUNNEL }));
      expect(answer.status).toBe(201);
      expect((await read(answer.body.id)).job_inputs.ssh_tunnel).toEqual({
        enabled: true,
        host: "bastion.example.com",
        port: 2222,
        auth: { selection: "keypair", username: "tunnel" },
        require_tls: { enabled: true },
      });
      expect(stored(answer.body.id).ssh_tunnel).toMatchObject({
        auth: { type: "keypair", private_key: "-----BEGIN OPENSSH-----", passphrase: "pp" },
      });
    });

    it("an SSH tunnel object needs its host and port keys", async () => {
      const answer = await create(postgresBody({}, { ssh_tunnel: { enabled: false } }));
      expect(answer.body).toEqual({
        message: "Invalid source config: Required field 'host' is missing, Required field 'port' is missing",
      });
    });

    it("a port that is not a number is refused (choice: PostHog would fail with a 500)", async () => {
      expect((await create(postgresBody({}, { port: "fivefour" }))).body).toEqual({
        message: "Invalid source config: Field 'port' must be a number",
      });
    });

    it("MSSQL credentials rejected with its own message", async () => {
      const answer = await create({
        source_type: "MSSQL",
        prefix: "ms_",
        payload: {
          host: "h",
          port: 1433,
          database: "d",
          user: "u",
          password: "invalid",
          schemas: one("orders"),
        },
      });
      expect(answer.body).toEqual({ message: REJECTED_CREDENTIALS_MESSAGES.MSSQL });
    });
  });

  describe("Snowflake", () => {
    const snowflake = (authType: unknown) => ({
      source_type: "Snowflake",
      prefix: "sf_",
      payload: {
        account_id: "acc",
        database: "DB",
        warehouse: "WH",
        auth_type: authType,
        schema: "public",
        schemas: one("orders"),
      },
    });

    it("key pair: stored whole, read back as {selection, user}", async () => {
      const answer = await create(
        snowflake({
          selection: "keypair",
          user: "svc",
          private_key: "-----BEGIN PRIVATE KEY-----",
          passphrase: "pp",
        }),
      );
      expect(answer.status).toBe(201);
      expect((await read(answer.body.id)).job_inputs).toEqual({
        account_id: "acc",
        database: "DB",
        warehouse: "WH",
        auth_type: { selection: "keypair", user: "svc" },
        role: null,
        schema: "public",
      });
      expect(stored(answer.body.id).auth_type).toEqual({
        selection: "keypair",
        user: "svc",
        password: null,
        private_key: "-----BEGIN PRIVATE KEY-----",
        passphrase: "pp",
      });
    });

    it("user is required inside auth_type (it is in every option)", async () => {
      expect((await create(snowflake({ selection: "password", password: "p" }))).body).toEqual({
        message: "Invalid source config: Required field 'user' is missing",
      });
      expect((await create(snowflake(undefined))).body).toEqual({
        message: "Invalid source config: Required field 'auth_type' is missing",
      });
    });
  });

  describe("BigQuery", () => {
    const bigquery = (payload: Record<string, unknown>) => ({
      source_type: "BigQuery",
      prefix: "bq_",
      payload: { key_file: KEY_FILE, dataset_id: "analytics", schemas: one("orders"), ...payload },
    });

    it("key_file is an object (dropped on read); switch groups read back; temporary-dataset keeps its hyphen", async () => {
      const answer = await create(
        bigquery({
          dataset_project: { enabled: true, dataset_project_id: "other" },
          "temporary-dataset": { enabled: "true", temporary_dataset_id: "tmp" },
        }),
      );
      expect(answer.status).toBe(201);
      expect((await read(answer.body.id)).job_inputs).toEqual({
        dataset_id: "analytics",
        dataset_project: { dataset_project_id: "other", enabled: true },
        "temporary-dataset": { temporary_dataset_id: "tmp", enabled: true },
        use_custom_region: null,
      });
      expect(stored(answer.body.id).key_file).toEqual(KEY_FILE);
      expect(stored(answer.body.id).temporary_dataset).toEqual({
        temporary_dataset_id: "tmp",
        enabled: true,
      });
    });

    it("every key of the key file is required; a key file given as text is not an object", async () => {
      const { private_key: _dropped, ...partial } = KEY_FILE;
      expect((await create(bigquery({ key_file: partial }))).body).toEqual({
        message: "Invalid source config: Required field 'private_key' is missing",
      });
      expect((await create(bigquery({ key_file: JSON.stringify(KEY_FILE) }))).body.message).toBe(
        "Invalid source config: Required field 'project_id' is missing, Required field 'private_key' is missing, " +
          "Required field 'private_key_id' is missing, Required field 'client_email' is missing, " +
          "Required field 'token_uri' is missing",
      );
      expect((await create(bigquery({ dataset_project: { enabled: true } }))).body).toEqual({
        message: "Invalid source config: Required field 'dataset_project_id' is missing",
      });
    });
  });

  describe("Hubspot / Salesforce / Zendesk", () => {
    it("Hubspot takes an OAuth integration id (no secret), stored as an integer", async () => {
      expect((await create({ source_type: "Hubspot", payload: { hubspot_secret_key: "x" } })).body).toEqual({
        message: "Invalid source config: Required field 'hubspot_integration_id' is missing",
      });
      const answer = await create({
        source_type: "Hubspot",
        payload: { hubspot_integration_id: "42", schemas: one("contacts") },
      });
      expect(answer.status).toBe(201);
      expect((await read(answer.body.id)).job_inputs).toEqual({
        hubspot_integration_id: 42,
        custom_properties: null,
      });
    });

    it("Salesforce takes salesforce_integration_id; Zendesk's api_key is secret", async () => {
      const salesforce = await create({
        source_type: "Salesforce",
        payload: { salesforce_integration_id: 7, schemas: one("Account") },
      });
      expect((await read(salesforce.body.id)).job_inputs).toEqual({ salesforce_integration_id: 7 });
      const zendesk = await create({
        source_type: "Zendesk",
        payload: {
          subdomain: "acme",
          api_key: "zd-secret",
          email_address: "a@acme.io",
          schemas: one("tickets"),
        },
      });
      expect((await read(zendesk.body.id)).job_inputs).toEqual({
        subdomain: "acme",
        email_address: "a@acme.io",
      });
      const rejected = await create({
        source_type: "Zendesk",
        prefix: "z2_",
        payload: { subdomain: "acme", api_key: "invalid", email_address: "a@acme.io" },
      });
      expect(rejected.body).toEqual({ message: REJECTED_CREDENTIALS_MESSAGES.Zendesk });
    });
  });

  it("types without a definition store what is sent and read back without secret-looking keys (choice)", async () => {
    emu.control.setCatalogue("Vitally", ["accounts"]);
    const answer = await create({
      source_type: "Vitally",
      payload: {
        secret_token: "st",
        region: { selection: "EU", subdomain: "acme" },
        schemas: one("accounts"),
      },
    });
    expect((await read(answer.body.id)).job_inputs).toEqual({
      region: { selection: "EU", subdomain: "acme" },
    });
  });
});
