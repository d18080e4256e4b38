import { input } from "./field-definitions";
import { DEFAULT_SOURCE_DEFINITIONS } from "./source-definitions";
import { unknownWizardTypesMessage } from "./wizard";
import { buildEmulator, READ_KEY, type TestEmulator } from "./test-helpers";

const CATALOGUE_TYPES = [
  "Stripe",
  "Postgres",
  "MySQL",
  "MSSQL",
  "Snowflake",
  "BigQuery",
  "Hubspot",
  "Salesforce",
  "Zendesk",
];

/** Keys of `SourceConfig.model_dump()` plus the catalogue's runtime keys (FIDELITY.md §1). */
const ENTRY_KEYS = [
  "apiDocsUrl",
  "caption",
  "category",
  "defaultVersion",
  "deprecatedVersions",
  "disabledReason",
  "docsUrl",
  "existingSource",
  "featureFlag",
  "featured",
  "fields",
  "iconClassName",
  "iconPath",
  "keywords",
  "label",
  "name",
  "permissionsCaption",
  "releaseStatus",
  "suggestedTables",
  "supportsColumnSelection",
  "unreleasedSource",
  "versions",
  "webhookFields",
  "webhookManualOnly",
  "webhookSetupCaption",
];

describe("PostHog emulator: GET external_data_sources/wizard/", () => {
  let emu: TestEmulator;
  beforeEach(async () => {
    emu = await buildEmulator();
  });
  afterEach(() => emu.close());

  const wizard = (query = "") => emu.call("GET", `external_data_sources/wizard/${query}`, { key: READ_KEY });

  it("answers a map from source type to its config, with the read scope", async () => {
    const answer = await wizard();
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(expect.arrayContaining(CATALOGUE_TYPES));
    for (const type of CATALOGUE_TYPES) {
      expect(Object.keys(answer.body[type]).sort()).toEqual(ENTRY_KEYS);
      expect(answer.body[type].name).toBe(type);
    }
    expect((await emu.call("GET", "external_data_sources/wizard/", { key: null })).status).toBe(401);
  });

  it("Stripe: auth_method is a select whose options carry their own fields", async () => {
    const { body } = await wizard();
    const [authMethod, accountId] = body.Stripe.fields;
    expect(authMethod).toEqual({
      caption: null,
      converter: null,
      defaultValue: "api_key",
      label: "Authentication type",
      multiple: null,
      name: "auth_method",
      options: [
        {
          label: "Restricted API key",
          value: "api_key",
          fields: [
            {
              caption: null,
              label: "API key",
              name: "stripe_secret_key",
              placeholder: "rk_live_...",
              required: true,
              secret: true,
              type: "password",
            },
          ],
        },
        {
          label: "OAuth connection",
          value: "oauth",
          fields: [
            {
              kind: "stripe",
              label: "Stripe account",
              name: "stripe_integration_id",
              required: true,
              requiredScopes: null,
              type: "oauth",
            },
          ],
        },
      ],
      required: true,
      type: "select",
    });
    expect(accountId).toMatchObject({
      name: "stripe_account_id",
      type: "text",
      required: false,
      secret: false,
    });
  });

  it("file upload, switch groups, SSH tunnel, OAuth and selects without option fields", async () => {
    const { body } = await wizard();
    const byName = (type: string) =>
      Object.fromEntries(body[type].fields.map((field: { name: string }) => [field.name, field]));
    expect(byName("BigQuery").key_file).toEqual({
      fileFormat: {
        format: ".json",
        keys: ["project_id", "private_key", "private_key_id", "client_email", "token_uri"],
      },
      label: "Google Cloud JSON key file",
      name: "key_file",
      required: true,
      type: "file-upload",
    });
    expect(byName("BigQuery").dataset_project).toMatchObject({
      type: "switch-group",
      default: false,
      fields: [expect.objectContaining({ name: "dataset_project_id", required: true })],
    });
    expect(byName("BigQuery")["temporary-dataset"]).toMatchObject({ type: "switch-group" });
    expect(byName("Postgres").ssh_tunnel).toEqual({
      label: "Use SSH tunnel?",
      name: "ssh_tunnel",
      type: "ssh-tunnel",
    });
    expect(byName("Postgres").schema).toMatchObject({ required: false });
    expect(byName("Postgres").password).toMatchObject({ type: "password", required: true, secret: true });
    expect(byName("MySQL").using_ssl).toMatchObject({
      type: "select",
      defaultValue: "true",
      converter: "str_to_bool",
      options: [
        { label: "Yes", value: "true", fields: null },
        { label: "No", value: "false", fields: null },
      ],
    });
    expect(byName("Hubspot").hubspot_integration_id).toMatchObject({
      type: "oauth",
      kind: "hubspot",
      required: true,
    });
    expect(byName("Salesforce").salesforce_integration_id).toMatchObject({
      type: "oauth",
      kind: "salesforce",
    });
    expect(byName("Zendesk").api_key).toMatchObject({ type: "password", secret: true });
    expect(byName("Snowflake").auth_type.options.map((option: { value: string }) => option.value)).toEqual([
      "password",
      "keypair",
    ]);
    expect(
      byName("Snowflake").auth_type.options[1].fields.map((field: { name: string }) => field.name),
    ).toEqual(["user", "private_key", "passphrase"]);
    expect(body.MSSQL.label).toBe("Microsoft SQL Server");
  });

  it("?source_type= filters; an unknown type is a 400 naming it", async () => {
    const filtered = await wizard("?source_type=Postgres, Stripe");
    expect(Object.keys(filtered.body)).toEqual(["Postgres", "Stripe"]);
    const unknown = await wizard("?source_type=Stripe,Nope,Also");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ message: unknownWizardTypesMessage(["Nope", "Also"]) });
    expect(unknown.body.message).toBe(
      "Unknown source_type(s): Also, Nope. Omit source_type to list every available type.",
    );
  });

  it("serves added definitions too (sourceDefinitions option), and the control returns the same answer", async () => {
    const custom = await buildEmulator({
      sourceDefinitions: {
        Vitally: {
          ...DEFAULT_SOURCE_DEFINITIONS.Zendesk!,
          name: "Vitally",
          fields: [input("secret_token", "Secret token", "password", { required: true })],
        },
      },
    });
    const answer = await custom.call("GET", "external_data_sources/wizard/?source_type=Vitally");
    expect(answer.body.Vitally.fields[0].name).toBe("secret_token");
    expect(custom.control.wizard().Vitally).toEqual(answer.body.Vitally);
    await custom.close();
  });
});
