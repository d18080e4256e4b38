/**
 * The bad-inputs table: one invalid value per row, for every input of every resource, each
 * expected to be rejected by `check` (so at preview) with a message naming the property; and the
 * unknown values of preview (pulumi#6310: the placeholder string, whatever the type) tolerated.
 */
import type * as pulumi from "@pulumi/pulumi";
import { posthog, workiva } from "pulumi-datasync";
import { TEST_SECRETS } from "./support";

/** The resource kinds of the table. */
export type BadInputKind = "ExternalDataSource" | "ExternalDataSchema" | "SourceWebhook" | "Refresh";

/** Values only known after `up` (unknown at preview), from a source created by the same program. */
export interface Unknowns {
  /** A string output (the source id). */
  text: pulumi.Output<string>;
  /** The same, as a list. */
  list: pulumi.Output<string[]>;
  /** The same, as a number. */
  number: pulumi.Output<number>;
}

/** One row: an input, its bad value (or tolerated unknown), and the property the message must name. */
export interface BadInput {
  kind: BadInputKind;
  /** What is wrong, in a few words. */
  what: string;
  /** The property the check failure names (`schemas[0].syncType`, `connections`...). */
  property: string;
  /** The arguments that differ from the valid ones. */
  args: (unknowns: Unknowns) => Record<string, unknown>;
  /** True for unknown values that check must let through. */
  tolerated?: boolean;
}

/** Valid Stripe jobInputs, in PostHog's nested shape. */
const STRIPE_JOB_INPUTS = {
  auth_method: { selection: "api_key", stripe_secret_key: TEST_SECRETS.stripeKey },
};

/** Valid Postgres jobInputs. */
const POSTGRES_JOB_INPUTS = { host: "db.internal", port: 5432, database: "app", user: "u", password: "p" };

/** Overrides of the valid table `Customer` of a source. */
const table = (settings: Record<string, unknown>) => ({
  schemas: [{ name: "Customer", syncType: "full_refresh", ...settings }],
});

const thousandAndOne = Array.from({ length: 1001 }, (_, i) => `conn-${i}`);

/** The table. */
export const BAD_INPUTS: BadInput[] = [
  // ExternalDataSource
  {
    kind: "ExternalDataSource",
    what: "source type in the wrong case",
    property: "sourceType",
    args: () => ({ sourceType: "stripe" }),
  },
  {
    kind: "ExternalDataSource",
    what: "no such source type",
    property: "sourceType",
    args: () => ({ sourceType: "Not a type!" }),
  },
  {
    kind: "ExternalDataSource",
    what: "prefix with a dash",
    property: "prefix",
    args: () => ({ prefix: "bad-prefix" }),
  },
  {
    kind: "ExternalDataSource",
    what: "prefix starting with a digit",
    property: "prefix",
    args: () => ({ prefix: "1abc" }),
  },
  {
    kind: "ExternalDataSource",
    what: "prefix of underscores only",
    property: "prefix",
    args: () => ({ prefix: "___" }),
  },
  {
    kind: "ExternalDataSource",
    what: "prefix of 101 characters",
    property: "prefix",
    args: () => ({ prefix: "p".repeat(101) }),
  },
  {
    kind: "ExternalDataSource",
    what: "prefix given as a number",
    property: "prefix",
    args: () => ({ prefix: 42 }),
  },
  {
    kind: "ExternalDataSource",
    what: "unknown access method",
    property: "accessMethod",
    args: () => ({ accessMethod: "cloud" }),
  },
  {
    kind: "ExternalDataSource",
    what: "description over 400 characters",
    property: "description",
    args: () => ({ description: "d".repeat(401) }),
  },
  {
    kind: "ExternalDataSource",
    what: "Stripe without its auth method",
    property: "jobInputs.auth_method",
    args: () => ({ jobInputs: { stripe_account_id: "acct_1" } }),
  },
  {
    kind: "ExternalDataSource",
    what: "a flat Stripe key (not inside auth_method)",
    property: "jobInputs.stripe_secret_key",
    args: () => ({ jobInputs: { stripe_secret_key: TEST_SECRETS.stripeKey } }),
  },
  {
    kind: "ExternalDataSource",
    what: "an auth method that Stripe does not have",
    property: "jobInputs.auth_method.selection",
    args: () => ({ jobInputs: { auth_method: { selection: "password", stripe_secret_key: "x" } } }),
  },
  {
    kind: "ExternalDataSource",
    what: "the chosen auth method without its key",
    property: "jobInputs.auth_method.stripe_secret_key",
    args: () => ({ jobInputs: { auth_method: { selection: "api_key" } } }),
  },
  {
    kind: "ExternalDataSource",
    what: "a Postgres port in words",
    property: "jobInputs.port",
    args: () => ({ sourceType: "Postgres", jobInputs: { ...POSTGRES_JOB_INPUTS, port: "five" } }),
  },
  {
    kind: "ExternalDataSource",
    what: "an enabled SSH tunnel without its host",
    property: "jobInputs.ssh_tunnel.host",
    args: () => ({
      sourceType: "Postgres",
      jobInputs: {
        ...POSTGRES_JOB_INPUTS,
        ssh_tunnel: { enabled: true, auth: { selection: "password", username: "t", password: "p" } },
      },
    }),
  },
  {
    kind: "ExternalDataSource",
    what: "a BigQuery key file given as text",
    property: "jobInputs.key_file",
    args: () => ({ sourceType: "BigQuery", jobInputs: { key_file: "{}", dataset_id: "d" } }),
  },
  {
    kind: "ExternalDataSource",
    what: "a Hubspot key instead of its OAuth integration",
    property: "jobInputs.hubspot_integration_id",
    args: () => ({ sourceType: "Hubspot", jobInputs: { hubspot_secret_key: "pat-x" } }),
  },
  {
    kind: "ExternalDataSource",
    what: "a prefix that starts with a digit after its underscore",
    property: "prefix",
    args: () => ({ prefix: "_1x" }),
  },
  {
    kind: "ExternalDataSource",
    what: "jobInputs given as a string",
    property: "jobInputs",
    args: () => ({ jobInputs: "sk_live" }),
  },
  {
    kind: "ExternalDataSource",
    what: "schemas given as a string",
    property: "schemas",
    args: () => ({ schemas: "Customer" }),
  },
  {
    kind: "ExternalDataSource",
    what: "an empty table list",
    property: "schemas",
    args: () => ({ schemas: [] }),
  },
  {
    kind: "ExternalDataSource",
    what: "a table declared twice",
    property: "schemas[1].name",
    args: () => ({ schemas: [{ name: "Customer" }, { name: "Customer" }] }),
  },
  {
    kind: "ExternalDataSource",
    what: "unknown sync type",
    property: "schemas[0].syncType",
    args: () => table({ syncType: "sometimes" }),
  },
  {
    kind: "ExternalDataSource",
    what: "unknown sync frequency",
    property: "schemas[0].syncFrequency",
    args: () => table({ syncFrequency: "2hour" }),
  },
  {
    kind: "ExternalDataSource",
    what: "hour 25",
    property: "schemas[0].syncTimeOfDay",
    args: () => table({ syncTimeOfDay: "25:00:00" }),
  },
  {
    kind: "ExternalDataSource",
    what: "time of day in words",
    property: "schemas[0].syncTimeOfDay",
    args: () => table({ syncTimeOfDay: "2am" }),
  },
  {
    kind: "ExternalDataSource",
    what: "unknown incremental field type",
    property: "schemas[0].incrementalFieldType",
    args: () =>
      table({ syncType: "incremental", incrementalField: "created", incrementalFieldType: "bigint" }),
  },
  {
    kind: "ExternalDataSource",
    what: "incremental without a field",
    property: "schemas[0].incrementalField",
    args: () => table({ syncType: "incremental", incrementalFieldType: "integer" }),
  },
  {
    kind: "ExternalDataSource",
    what: "unknown cdc table mode",
    property: "schemas[0].cdcTableMode",
    args: () => table({ cdcTableMode: "all" }),
  },
  {
    kind: "ExternalDataSource",
    what: "shouldSync given as a string",
    property: "schemas[0].shouldSync",
    args: () => table({ shouldSync: "yes" }),
  },
  {
    kind: "ExternalDataSource",
    what: "path traversal in projectId",
    property: "projectId",
    args: () => ({ projectId: "../2" }),
  },
  {
    kind: "ExternalDataSource",
    what: "a slash in projectId",
    property: "projectId",
    args: () => ({ projectId: "1/external_data_sources" }),
  },
  {
    kind: "ExternalDataSource",
    what: "path traversal in existingSourceId",
    property: "existingSourceId",
    args: () => ({ existingSourceId: "../x" }),
  },
  {
    kind: "ExternalDataSource",
    what: "a dot-dot existingSourceId",
    property: "existingSourceId",
    args: () => ({ existingSourceId: ".." }),
  },
  {
    kind: "ExternalDataSource",
    what: "unknown table list",
    property: "schemas",
    tolerated: true,
    args: (u) => ({ schemas: u.list }),
  },
  {
    kind: "ExternalDataSource",
    what: "unknown prefix and description",
    property: "prefix",
    tolerated: true,
    args: (u) => ({ prefix: u.text, description: u.text }),
  },
  {
    kind: "ExternalDataSource",
    what: "an unknown secret inside auth_method",
    property: "jobInputs.auth_method.stripe_secret_key",
    tolerated: true,
    args: (u) => ({ jobInputs: { auth_method: { selection: "api_key", stripe_secret_key: u.text } } }),
  },
  {
    kind: "ExternalDataSource",
    what: "an unknown Postgres port and SSH tunnel host",
    property: "jobInputs.port",
    tolerated: true,
    args: (u) => ({
      sourceType: "Postgres",
      jobInputs: {
        ...POSTGRES_JOB_INPUTS,
        port: u.number,
        ssh_tunnel: {
          enabled: true,
          host: u.text,
          auth: { selection: "password", username: "t", password: "p" },
        },
      },
    }),
  },
  // ExternalDataSchema
  {
    kind: "ExternalDataSchema",
    what: "path traversal in sourceId",
    property: "sourceId",
    args: () => ({ sourceId: "../x" }),
  },
  {
    kind: "ExternalDataSchema",
    what: "a slash in sourceId",
    property: "sourceId",
    args: () => ({ sourceId: "a/b" }),
  },
  {
    kind: "ExternalDataSchema",
    what: "sourceId given as a number",
    property: "sourceId",
    args: () => ({ sourceId: 42 }),
  },
  { kind: "ExternalDataSchema", what: "an empty table name", property: "name", args: () => ({ name: "" }) },
  {
    kind: "ExternalDataSchema",
    what: "unknown sync frequency",
    property: "syncFrequency",
    args: () => ({ syncFrequency: "hourly" }),
  },
  {
    kind: "ExternalDataSchema",
    what: "minute 60",
    property: "syncTimeOfDay",
    args: () => ({ syncTimeOfDay: "12:60:00" }),
  },
  {
    kind: "ExternalDataSchema",
    what: "unknown sync type",
    property: "syncType",
    args: () => ({ syncType: "stream" }),
  },
  {
    kind: "ExternalDataSchema",
    what: "an empty primary key",
    property: "primaryKeyColumns",
    args: () => ({ syncType: "cdc", primaryKeyColumns: [] }),
  },
  {
    kind: "ExternalDataSchema",
    what: "deleteDataOnDestroy given as a number",
    property: "deleteDataOnDestroy",
    args: () => ({ deleteDataOnDestroy: 1 }),
  },
  {
    kind: "ExternalDataSchema",
    what: "path traversal in projectId",
    property: "projectId",
    args: () => ({ projectId: "../1" }),
  },
  {
    kind: "ExternalDataSchema",
    what: "unknown sourceId and frequency",
    property: "sourceId",
    tolerated: true,
    args: (u) => ({ sourceId: u.text, syncFrequency: u.text }),
  },
  // SourceWebhook
  {
    kind: "SourceWebhook",
    what: "path traversal in sourceId",
    property: "sourceId",
    args: () => ({ sourceId: "../x" }),
  },
  {
    kind: "SourceWebhook",
    what: "a slash in sourceId",
    property: "sourceId",
    args: () => ({ sourceId: "a/b" }),
  },
  { kind: "SourceWebhook", what: "an empty sourceId", property: "sourceId", args: () => ({ sourceId: "" }) },
  {
    kind: "SourceWebhook",
    what: "projectId given as a number",
    property: "projectId",
    args: () => ({ projectId: 7 }),
  },
  {
    kind: "SourceWebhook",
    what: "unknown sourceId",
    property: "sourceId",
    tolerated: true,
    args: (u) => ({ sourceId: u.text }),
  },
  // Refresh
  {
    kind: "Refresh",
    what: "1001 connections",
    property: "connections",
    args: () => ({ connections: thousandAndOne }),
  },
  { kind: "Refresh", what: "no connection", property: "connections", args: () => ({ connections: [] }) },
  {
    kind: "Refresh",
    what: "a slash in a connection id",
    property: "connections",
    args: () => ({ connections: ["a/b"] }),
  },
  {
    kind: "Refresh",
    what: "path traversal in a connection id",
    property: "connections",
    args: () => ({ connections: ["../x"] }),
  },
  {
    kind: "Refresh",
    what: "whitespace in a connection id",
    property: "connections",
    args: () => ({ connections: ["conn 1"] }),
  },
  {
    kind: "Refresh",
    what: "a connection listed twice",
    property: "connections",
    args: () => ({ connections: ["c-1", "c-1"] }),
  },
  {
    kind: "Refresh",
    what: "connections given as a number",
    property: "connections",
    args: () => ({ connections: 42 }),
  },
  {
    kind: "Refresh",
    what: "a connection id given as a number",
    property: "connections",
    args: () => ({ connections: [42] }),
  },
  {
    kind: "Refresh",
    what: "an unknown field in a connection",
    property: "connections",
    args: () => ({ connections: [{ connectionId: "c-1", refreshNow: true }] }),
  },
  {
    kind: "Refresh",
    what: "path traversal in a long-form id",
    property: "connections",
    args: () => ({ connections: [{ connectionId: "../c" }] }),
  },
  {
    kind: "Refresh",
    what: "a zero timeout",
    property: "timeoutSeconds",
    args: () => ({ timeoutSeconds: 0 }),
  },
  {
    kind: "Refresh",
    what: "timeoutSeconds given as a string",
    property: "timeoutSeconds",
    args: () => ({ timeoutSeconds: "60" }),
  },
  {
    kind: "Refresh",
    what: "waitForCompletion given as a string",
    property: "waitForCompletion",
    args: () => ({ waitForCompletion: "yes" }),
  },
  {
    kind: "Refresh",
    what: "cancelUnwritables given as a number",
    property: "cancelUnwritables",
    args: () => ({ cancelUnwritables: 1 }),
  },
  {
    kind: "Refresh",
    what: "workspaceId given as a number",
    property: "workspaceId",
    args: () => ({ workspaceId: 42 }),
  },
  {
    kind: "Refresh",
    what: "unknown connection list",
    property: "connections",
    tolerated: true,
    args: (u) => ({ connections: u.list }),
  },
  {
    kind: "Refresh",
    what: "an unknown id in the list",
    property: "connections",
    tolerated: true,
    args: (u) => ({ connections: ["c-1", u.text] }),
  },
  {
    kind: "Refresh",
    what: "unknown timeout (a number)",
    property: "timeoutSeconds",
    tolerated: true,
    args: (u) => ({ timeoutSeconds: u.number }),
  },
];

/** The resource name of row `i`. */
export const badInputName = (i: number): string => `bad-${String(i).padStart(2, "0")}`;

/**
 * The preview program: a valid source whose outputs are the unknowns, and one resource per row
 * (valid arguments with the row's values over them).
 */
export function badInputsProgram(rows: readonly BadInput[]): () => Record<string, unknown> {
  return () => {
    const origin = new posthog.ExternalDataSource("origin", {
      sourceType: "Stripe",
      prefix: "origin_",
      jobInputs: STRIPE_JOB_INPUTS,
      schemas: [{ name: "Customer", syncType: "full_refresh" }],
    });
    const unknowns: Unknowns = {
      text: origin.id,
      list: origin.id.apply((id) => [id]),
      number: origin.id.apply((id) => id.length),
    };
    rows.forEach((row, i) => {
      const name = badInputName(i);
      const bad = row.args(unknowns);
      switch (row.kind) {
        case "ExternalDataSource":
          new posthog.ExternalDataSource(name, {
            sourceType: "Stripe",
            prefix: `bad${i}_`,
            jobInputs: STRIPE_JOB_INPUTS,
            schemas: [{ name: "Customer", syncType: "full_refresh" }],
            ...bad,
          } as posthog.ExternalDataSourceArgs);
          break;
        case "ExternalDataSchema":
          new posthog.ExternalDataSchema(name, {
            sourceId: "00000000-0000-0000-0000-000000000000",
            name: "orders",
            syncType: "full_refresh",
            ...bad,
          } as posthog.ExternalDataSchemaArgs);
          break;
        case "SourceWebhook":
          new posthog.SourceWebhook(name, {
            sourceId: "00000000-0000-0000-0000-000000000000",
            ...bad,
          } as posthog.SourceWebhookArgs);
          break;
        case "Refresh":
          new workiva.Refresh(name, { connections: ["conn-sales-1"], ...bad } as workiva.RefreshArgs);
          break;
      }
    });
    return {};
  };
}
