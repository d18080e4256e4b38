/**
 * The built-in field definitions of the common source types, used when the PostHog instance's own
 * (`GET external_data_sources/wizard/`) cannot be read: no API key yet, an offline preview, an
 * error. Taken from PostHog's `sources/<type>/source.py` (`get_source_config`) as recorded in
 * test/emulator/posthog/FIDELITY.md §1. The instance's answer always wins over this copy.
 */
import type { FieldDefinition, SelectOption, SourceDefinition } from "./field-definitions";

type Flags = { required?: boolean; secret?: boolean };

const text = (name: string, flags: Flags = {}): FieldDefinition => ({
  name,
  kind: "text",
  required: flags.required ?? false,
  secret: flags.secret ?? false,
});
const required = (name: string): FieldDefinition => text(name, { required: true });
const secret = (name: string, isRequired: boolean): FieldDefinition =>
  text(name, { required: isRequired, secret: true });
const number = (name: string, isRequired: boolean): FieldDefinition => ({
  ...text(name, { required: isRequired }),
  kind: "number",
});
const oauth = (name: string): FieldDefinition => ({ name, kind: "oauth", required: true, secret: false });
const option = (value: string, fields: FieldDefinition[] = []): SelectOption => ({ value, fields });
const select = (name: string, defaultValue: string, options: SelectOption[]): FieldDefinition => ({
  name,
  kind: "select",
  required: true,
  secret: false,
  defaultValue,
  options,
});
const group = (name: string, fields: FieldDefinition[]): FieldDefinition => ({
  name,
  kind: "switch-group",
  required: false,
  secret: false,
  fields,
});

/**
 * PostHog's SSH tunnel (`models/ssh_tunnel.py`, `SSHTunnelConfig`): a group whose `auth` is a
 * nested select of password or key pair; `host` is required once the tunnel is enabled.
 */
export const SSH_TUNNEL: FieldDefinition = group("ssh_tunnel", [
  required("host"),
  number("port", false),
  select("auth", "password", [
    option("password", [required("username"), secret("password", true)]),
    option("keypair", [required("username"), secret("private_key", true), secret("passphrase", false)]),
  ]),
  group("require_tls", []),
]);

/** A SQL server's connection fields, `schema` optional (left out: every schema, `schema.table` names). */
const CONNECTION_FIELDS: readonly FieldDefinition[] = [
  required("host"),
  number("port", true),
  required("database"),
  required("user"),
  secret("password", true),
  text("schema"),
];

/** Postgres, MSSQL: a connection string or the connection fields, and an SSH tunnel. */
const SQL_FIELDS: FieldDefinition[] = [secret("connection_string", false), ...CONNECTION_FIELDS, SSH_TUNNEL];

const BOOLEAN_OPTIONS = [option("true"), option("false")];

const HUBSPOT_OBJECTS = ["contacts", "companies", "deals", "tickets", "quotes", "emails", "meetings"];

/** The built-in definitions, by source type. */
export const BUILT_IN_DEFINITIONS: readonly SourceDefinition[] = [
  {
    sourceType: "Stripe",
    fields: [
      select("auth_method", "api_key", [
        option("api_key", [secret("stripe_secret_key", true)]),
        option("oauth", [oauth("stripe_integration_id")]),
      ]),
      text("stripe_account_id"),
    ],
  },
  { sourceType: "Postgres", fields: SQL_FIELDS },
  {
    sourceType: "MySQL",
    fields: [
      ...CONNECTION_FIELDS,
      select("using_ssl", "true", BOOLEAN_OPTIONS),
      select("verify_server_certificate", "false", BOOLEAN_OPTIONS),
      SSH_TUNNEL,
    ],
  },
  { sourceType: "MSSQL", fields: SQL_FIELDS },
  {
    sourceType: "Snowflake",
    fields: [
      secret("connection_string", false),
      required("account_id"),
      required("database"),
      required("warehouse"),
      select("auth_type", "password", [
        option("password", [required("user"), secret("password", false)]),
        option("keypair", [required("user"), secret("private_key", false), secret("passphrase", false)]),
      ]),
      text("role"),
      text("schema"),
    ],
  },
  {
    sourceType: "BigQuery",
    fields: [
      {
        name: "key_file",
        kind: "file-upload",
        required: true,
        secret: true,
        keys: ["project_id", "private_key", "private_key_id", "client_email", "token_uri"],
      },
      group("use_custom_region", [required("region")]),
      required("dataset_id"),
      group("temporary-dataset", [required("temporary_dataset_id")]),
      group("dataset_project", [required("dataset_project_id")]),
    ],
  },
  {
    sourceType: "Hubspot",
    fields: [
      oauth("hubspot_integration_id"),
      group(
        "custom_properties",
        HUBSPOT_OBJECTS.map((object) => text(`${object}_properties`)),
      ),
    ],
  },
  { sourceType: "Salesforce", fields: [oauth("salesforce_integration_id")] },
  {
    sourceType: "Zendesk",
    fields: [required("subdomain"), secret("api_key", true), required("email_address")],
  },
];

/** The built-in definitions as a map. */
export function builtInDefinitions(): Map<string, SourceDefinition> {
  return new Map(BUILT_IN_DEFINITIONS.map((definition) => [definition.sourceType, definition]));
}
