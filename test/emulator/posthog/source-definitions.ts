/**
 * The emulator's own copy of PostHog's field definitions for the catalogue types (PostHog:
 * `sources/<type>/source.py`, `get_source_config`; FIDELITY.md §1). Captions are shortened; names,
 * kinds, required, secret, options and defaults are PostHog's.
 */
import {
  fileUpload,
  input,
  oauth,
  option,
  select,
  sshTunnel,
  switchGroup,
  type FieldConfig,
  type SourceDefinition,
} from "./field-definitions";

const UNVERSIONED = "unversioned";

function definition(
  name: string,
  fields: FieldConfig[],
  extra: Partial<Omit<SourceDefinition, "name" | "fields">> = {},
): SourceDefinition {
  return {
    name,
    label: null,
    caption: `Enter your ${name} credentials to pull your ${name} data into the PostHog data warehouse.`,
    category: null,
    iconPath: `/static/services/${name.toLowerCase()}.png`,
    docsUrl: `https://posthog.com/docs/cdp/sources/${name.toLowerCase()}`,
    keywords: null,
    featured: false,
    suggestedTables: [],
    webhookFields: null,
    supportsColumnSelection: false,
    versions: [UNVERSIONED],
    defaultVersion: UNVERSIONED,
    apiDocsUrl: null,
    ...extra,
    fields,
  };
}

const host = () => input("host", "Host", "text", { required: true, placeholder: "db.example.com" });
const port = (placeholder: string) => input("port", "Port", "number", { required: true, placeholder });
const database = (placeholder: string) =>
  input("database", "Database", "text", { required: true, placeholder });
const user = (placeholder: string) => input("user", "User", "text", { required: true, placeholder });
const password = () => input("password", "Password", "password", { required: true, secret: true });
const connectionString = (placeholder: string) =>
  input("connection_string", "Connection string (optional)", "text", { secret: true, placeholder });
const yesNo = () => [option("Yes", "true"), option("No", "false")];

const STRIPE = definition(
  "Stripe",
  [
    select("auth_method", "Authentication type", "api_key", [
      option("Restricted API key", "api_key", [
        input("stripe_secret_key", "API key", "password", {
          required: true,
          secret: true,
          placeholder: "rk_live_...",
        }),
      ]),
      option("OAuth connection", "oauth", [oauth("stripe_integration_id", "Stripe account", "stripe")]),
    ]),
    input("stripe_account_id", "Account id", "text", { placeholder: "stripe_account_id" }),
  ],
  {
    category: "Payments & billing",
    featured: true,
    suggestedTables: ["Customer", "Charge", "Invoice", "Subscription", "Product"].map((table) => ({
      table,
      tooltip: "Enable for the best Revenue analytics experience.",
    })),
    webhookFields: [
      input("signing_secret", "Signing secret", "password", {
        required: true,
        secret: true,
        placeholder: "whsec_...",
      }),
    ],
  },
);

const POSTGRES = definition(
  "Postgres",
  [
    connectionString("postgresql://user:password@localhost:5432/database"),
    host(),
    port("5432"),
    database("postgres"),
    user("postgres"),
    password(),
    input("schema", "Schema", "text", { placeholder: "public" }),
    sshTunnel(),
  ],
  { category: "Databases", keywords: ["postgresql", "sql"], featured: true, supportsColumnSelection: true },
);

const MYSQL = definition(
  "MySQL",
  [
    host(),
    port("3306"),
    database("mysql"),
    user("mysql"),
    password(),
    input("schema", "Schema", "text", { placeholder: "Leave blank to include all databases" }),
    select("using_ssl", "Use SSL?", "true", yesNo(), { converter: "str_to_bool" }),
    select("verify_server_certificate", "Verify the server certificate?", "false", yesNo(), {
      converter: "str_to_bool",
    }),
    sshTunnel(),
  ],
  { category: "Databases", keywords: ["sql", "mariadb"], featured: true, supportsColumnSelection: true },
);

const MSSQL = definition(
  "MSSQL",
  [
    connectionString("mssql://user:password@localhost:1433/database"),
    input("host", "Host", "text", { required: true, placeholder: "localhost" }),
    port("1433"),
    database("msdb"),
    user("sa"),
    password(),
    input("schema", "Schema", "text", { placeholder: "Leave blank to import all schemas" }),
    sshTunnel(),
  ],
  {
    label: "Microsoft SQL Server",
    category: "Databases",
    keywords: ["sql server"],
    iconPath: "/static/services/sql-azure.png",
    docsUrl: "https://posthog.com/docs/cdp/sources/microsoft-sql-server",
    supportsColumnSelection: true,
  },
);

const snowflakeUser = () => input("user", "Username", "text", { required: true, placeholder: "User1" });

const SNOWFLAKE = definition(
  "Snowflake",
  [
    connectionString("snowflake://user:password@account_id/database/schema?warehouse=COMPUTE_WAREHOUSE"),
    input("account_id", "Account id", "text", { required: true }),
    database("snowflake_sample_data"),
    input("warehouse", "Warehouse", "text", { required: true, placeholder: "COMPUTE_WAREHOUSE" }),
    select("auth_type", "Authentication type", "password", [
      option("Password", "password", [
        snowflakeUser(),
        input("password", "Password", "password", { secret: true }),
      ]),
      option("Key pair", "keypair", [
        snowflakeUser(),
        input("private_key", "Private key", "textarea", { secret: true }),
        input("passphrase", "Passphrase", "password", { secret: true }),
      ]),
    ]),
    input("role", "Role (optional)", "text", { placeholder: "ACCOUNTADMIN" }),
    input("schema", "Schema (optional)", "text", { placeholder: "Leave blank to import all schemas" }),
  ],
  { category: "Databases", keywords: ["sql"], supportsColumnSelection: true },
);

const BIGQUERY = definition(
  "BigQuery",
  [
    fileUpload("key_file", "Google Cloud JSON key file", [
      "project_id",
      "private_key",
      "private_key_id",
      "client_email",
      "token_uri",
    ]),
    switchGroup("use_custom_region", "Manually specify your dataset region?", [
      input("region", "Region", "text", { required: true, placeholder: "us-east1" }),
    ]),
    input("dataset_id", "Dataset ID", "text", { required: true }),
    switchGroup("temporary-dataset", "Use a different dataset for the temporary tables?", [
      input("temporary_dataset_id", "Dataset ID for temporary tables", "text", { required: true }),
    ]),
    switchGroup(
      "dataset_project",
      "Use a different project for the dataset than your service account project?",
      [input("dataset_project_id", "Project ID for dataset", "text", { required: true })],
    ),
  ],
  {
    category: "Databases",
    keywords: ["bq", "gbq", "sql"],
    featured: true,
    supportsColumnSelection: true,
    versions: [UNVERSIONED, "v2"],
    defaultVersion: "v2",
    apiDocsUrl: "https://cloud.google.com/bigquery/docs/release-notes",
  },
);

const HUBSPOT_PROPERTY_SCHEMAS = [
  "contacts",
  "companies",
  "deals",
  "tickets",
  "quotes",
  "emails",
  "meetings",
];

const HUBSPOT = definition(
  "Hubspot",
  [
    oauth("hubspot_integration_id", "Hubspot account", "hubspot"),
    switchGroup(
      "custom_properties",
      "Customize synced properties",
      HUBSPOT_PROPERTY_SCHEMAS.map((schema) =>
        input(`${schema}_properties`, `${schema[0]!.toUpperCase()}${schema.slice(1)} properties`, "textarea"),
      ),
    ),
  ],
  {
    category: "CRM",
    caption: "Select an existing Hubspot account to link to PostHog or create a new connection",
    featured: true,
    versions: ["v3", "2026-03"],
    defaultVersion: "2026-03",
    apiDocsUrl: "https://developers.hubspot.com/docs/api-reference/latest/overview",
  },
);

const SALESFORCE = definition(
  "Salesforce",
  [oauth("salesforce_integration_id", "Salesforce account", "salesforce")],
  {
    category: "CRM",
    keywords: ["sfdc"],
    caption: "Select an existing Salesforce account to link to PostHog or create a new connection",
    versions: ["v61.0", "v67.0"],
    defaultVersion: "v67.0",
  },
);

const ZENDESK = definition(
  "Zendesk",
  [
    input("subdomain", "Zendesk subdomain", "text", { required: true }),
    input("api_key", "API key", "password", { required: true, secret: true }),
    input("email_address", "Zendesk email address", "email", { required: true }),
  ],
  { category: "Customer support", versions: ["v2"], defaultVersion: "v2" },
);

/** The built-in definitions, by source type. */
export const DEFAULT_SOURCE_DEFINITIONS: Record<string, SourceDefinition> = Object.fromEntries(
  [STRIPE, POSTGRES, MYSQL, MSSQL, SNOWFLAKE, BIGQUERY, HUBSPOT, SALESFORCE, ZENDESK].map((def) => [
    def.name,
    def,
  ]),
);

/**
 * A flat definition from the legacy `requiredInputs` / `optionalInputs` / `secretInputs` options
 * (kept so that existing callers keep working): every key a top-level text input.
 */
export function flatDefinition(
  name: string,
  keys: { required: string[]; optional: string[]; secret: string[] },
): SourceDefinition {
  const all = [...keys.required, ...keys.optional.filter((key) => !keys.required.includes(key))];
  return definition(
    name,
    all.map((key) =>
      input(key, key, keys.secret.includes(key) ? "password" : "text", {
        required: keys.required.includes(key),
        secret: keys.secret.includes(key),
      }),
    ),
  );
}

/** The definitions in effect: built-ins, replaced per type by the options. */
export function buildDefinitions(options: {
  sourceDefinitions?: Record<string, SourceDefinition>;
  requiredInputs?: Record<string, string[]>;
  secretInputs?: Record<string, string[]>;
  optionalInputs?: Record<string, string[]>;
}): Map<string, SourceDefinition> {
  const definitions = new Map(Object.entries(DEFAULT_SOURCE_DEFINITIONS));
  const flatTypes = new Set([
    ...Object.keys(options.requiredInputs ?? {}),
    ...Object.keys(options.secretInputs ?? {}),
    ...Object.keys(options.optionalInputs ?? {}),
  ]);
  for (const type of flatTypes) {
    definitions.set(
      type,
      flatDefinition(type, {
        required: options.requiredInputs?.[type] ?? [],
        optional: options.optionalInputs?.[type] ?? [],
        secret: options.secretInputs?.[type] ?? [],
      }),
    );
  }
  for (const [type, def] of Object.entries(options.sourceDefinitions ?? {})) definitions.set(type, def);
  return definitions;
}
