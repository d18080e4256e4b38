/**
 * `workiva.getConnection` / `workiva.getConnectionOutput`: a connection's details (seed 003,
 * camelCase as the API returns them), read from the program with the same configuration and
 * credentials as the resources (`workiva:*` stack config, then environment).
 */
import * as pulumi from "@pulumi/pulumi";
import { isApiError } from "../http";
import type { ConnectionDto } from "./api-types";
import { UnknownConnectionError } from "./destinations";
import { useProgramConfig } from "../program-config";
import { workivaSession } from "./session";
import { connectionIdProblem } from "./validation";

export type { ConnectionDto, ConnectionRunDto, ParameterMap, RunStatus } from "./api-types";

/** Arguments of getConnection. */
export interface GetConnectionArgs {
  /** The connection's id. */
  connectionId: string;
  /** Workspace of the connection (optional: the token decides). */
  workspaceId?: string;
}

/** Arguments of getConnectionOutput. */
export interface GetConnectionOutputArgs {
  /** The connection's id. */
  connectionId: pulumi.Input<string>;
  /** Workspace of the connection (optional: the token decides). */
  workspaceId?: pulumi.Input<string>;
}

/** The details of one Wdata connection (GET /api/v1/connections/{connectionId}). */
export type GetConnectionResult = ConnectionDto;

/**
 * Reads one Workiva Wdata connection's details. Rejects with a clear error when the id is invalid
 * or the API does not know it (UnknownConnectionError). Runs in the program, also at preview;
 * credentials from `workiva:clientId` / `workiva:clientSecret` (or the environment).
 *
 * @param args the connection (`connectionId`) and optionally its workspace (`workspaceId`)
 * @returns the connection's details as the API returns them
 * @example
 * ```ts
 * const sales = await workiva.getConnection({ connectionId: "conn-sales-1" });
 * ```
 */
export async function getConnection(args: GetConnectionArgs): Promise<GetConnectionResult> {
  const problem = connectionIdProblem(args.connectionId ?? "");
  if (problem) throw new Error(`getConnection: connectionId ${JSON.stringify(args.connectionId)} ${problem}`);
  useProgramConfig();
  try {
    return await workivaSession().client.getConnectionAsSent(args.connectionId, args.workspaceId);
  } catch (err) {
    if (isApiError(err) && err.status === 404) throw new UnknownConnectionError(args.connectionId);
    throw err;
  }
}

/**
 * {@link getConnection} with Input arguments and an Output result.
 *
 * @param args the connection (`connectionId`) and optionally its workspace (Inputs)
 * @returns the connection's details as an Output
 * @example
 * ```ts
 * const sales = workiva.getConnectionOutput({ connectionId: "conn-sales-1" });
 * new workiva.Refresh("sales", { connections: [sales.connectionId] });
 * ```
 */
export function getConnectionOutput(args: GetConnectionOutputArgs): pulumi.Output<GetConnectionResult> {
  return pulumi
    .output(args)
    .apply((resolved) =>
      getConnection({ connectionId: resolved.connectionId, workspaceId: resolved.workspaceId }),
    );
}
