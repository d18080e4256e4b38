/**
 * `workiva.Refresh`: refreshes Wdata connections from a Pulumi program, whenever `triggers` (or the
 * connection list) changes, and waits until the refresh has finished.
 * Type token: `pulumi-nodejs:dynamic/workiva:Refresh`.
 */
import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../dynamic/delegate";
import type { BatchFallback, RefreshStatus, RunOutput } from "./refresh-types";

export type { BatchFallback, RefreshStatus, RunOutput } from "./refresh-types";

/**
 * The provider serialized into every Refresh's `__provider` (one shared object: see delegate.ts).
 * The `.js` is required: the package's `exports` map (`./dist/*`) adds no extension.
 */
const PROVIDER = delegatingProvider("pulumi-datasync/dist/provider/workiva/refresh-provider.js");

/** One connection to refresh, in its long form (the short form is the bare connection id). */
export interface ConnectionRefreshArgs {
  /** The connection's id (no '/', whitespace or '..'). */
  connectionId: pulumi.Input<string>;
  /** Workspace of this connection; default: the resource's `workspaceId` (the token decides otherwise). */
  workspaceId?: pulumi.Input<string>;
  /** Parameters passed to the source for this run. */
  sourceParameters?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
  /** Parameters passed to the destination for this run. */
  destinationParameters?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
  /** Reuse the previous run's source parameters (they override `sourceParameters`). */
  usePreviousSourceParameters?: pulumi.Input<boolean>;
  /** Reuse the previous run's destination parameters (they override `destinationParameters`). */
  usePreviousDestinationParameters?: pulumi.Input<boolean>;
}

/** Arguments of a Refresh. */
export interface RefreshArgs {
  /**
   * The connections to refresh: ids or long forms, 1 to 1000, no duplicate ids. Connections
   * Workiva refreshes in batches (incoming ones of one spreadsheet; outgoing ones of one workbook)
   * are batched automatically, at most 100 per request; every other connection, and every entry
   * with parameters or `usePrevious*`, uses the single refresh. Changing the set replaces the
   * resource: a new refresh runs.
   */
  connections: pulumi.Input<pulumi.Input<string | ConnectionRefreshArgs>[]>;
  /**
   * Any value (map, list, string). When it changes, a new refresh runs (the resource is replaced).
   * Feed it the outputs the refreshed data depends on.
   */
  triggers?: pulumi.Input<unknown>;
  /** Default workspace of every connection (optional: the token's workspace is used). */
  workspaceId?: pulumi.Input<string>;
  /**
   * Let batch refreshes cancel connections whose destination is unwritable instead of failing
   * them; such a cancelled run does not fail the deploy. Default false.
   */
  cancelUnwritables?: pulumi.Input<boolean>;
  /** Wait until every run has finished (default true); false records status `running` right after starting. */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Deadline of one deploy step (starting and waiting), in seconds. Default 1800. */
  timeoutSeconds?: pulumi.Input<number>;
  /**
   * Fail the deploy when a run ends in error (or cancelled, unless skipped under
   * `cancelUnwritables`) or the deadline passes; the resource is still recorded and the next
   * `pulumi up` runs it again. With false the outcome is only reported in the outputs. Default true.
   */
  failOnError?: pulumi.Input<boolean>;
}

/**
 * Refreshes Workiva Wdata connections and records the outcome. Creating it runs the refresh;
 * changing `connections` or `triggers` runs a new one; changing other inputs runs nothing;
 * preview never starts a refresh; deleting it does nothing (a refresh cannot be undone).
 *
 * @example
 * ```ts
 * new workiva.Refresh("reports", {
 *   connections: ["conn-sales-1", "conn-finance-1"],
 *   triggers: { tables: stripe.schemas },
 * });
 * ```
 */
export class Refresh extends pulumi.dynamic.Resource {
  /** One record per connection: job id, batch id when batched, both statuses and the error if any. */
  declare readonly runs: pulumi.Output<RunOutput[]>;
  /** Ids of the batch refreshes started. */
  declare readonly batchRefreshIds: pulumi.Output<string[]>;
  /**
   * Batches Workiva refused as a whole whose connections were refreshed one by one instead (each
   * with the refusal's status and message); undefined when none was.
   */
  declare readonly batchFallbacks: pulumi.Output<BatchFallback[] | undefined>;
  /** Overall status: `complete`, `error`, `cancelled` or `running`. */
  declare readonly status: pulumi.Output<RefreshStatus>;
  /** When the refresh was started (ISO 8601). */
  declare readonly startedAt: pulumi.Output<string>;
  /** When every run was seen finished (ISO 8601); undefined while running. */
  declare readonly finishedAt: pulumi.Output<string | undefined>;
  /** The message of the failure or timeout that failed the last deploy, if it did. */
  declare readonly deployError: pulumi.Output<string | undefined>;

  /**
   * Refreshes Workiva Wdata connections: `up` starts the refreshes (batched per destination),
   * waits for them to finish and fails the deploy naming what failed; a change of `connections`
   * or `triggers` refreshes again. Credentials come from `workiva:clientId` /
   * `workiva:clientSecret` (or `WORKIVA_CLIENT_ID` / `WORKIVA_CLIENT_SECRET`).
   *
   * @param name the resource's unique name in the stack
   * @param args the connections to refresh (`connections`), what makes them refresh again
   *   (`triggers`) and how to wait (`waitForCompletion`, `failOnError`, ...)
   * @param opts resource options
   * @example
   * ```ts
   * new workiva.Refresh("reports", {
   *   connections: ["conn-sales-1", "conn-finance-1"],
   *   triggers: { tables: stripe.schemas }, // refresh again when the table settings change
   * });
   * ```
   */
  constructor(name: string, args: RefreshArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      PROVIDER,
      name,
      {
        ...args,
        runs: undefined,
        batchRefreshIds: undefined,
        batchFallbacks: undefined,
        status: undefined,
        startedAt: undefined,
        finishedAt: undefined,
        deployError: undefined,
      },
      opts,
      "workiva",
      "Refresh",
    );
  }
}
