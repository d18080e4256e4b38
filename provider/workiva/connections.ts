/**
 * The `connections` input in its canonical form: every entry in the long form, the resource's
 * `workspaceId` applied, and the request item each one becomes.
 */
import type { RefreshConnectionDto } from "./api-types";
import type { ConnectionRefreshInput, ConnectionRefreshSpec } from "./refresh-types";

/** Every entry in the long form; `workspaceId` falls back to the resource's. Order is kept. */
export function normalizeConnections(
  connections: readonly ConnectionRefreshInput[],
  defaultWorkspaceId?: string,
): ConnectionRefreshSpec[] {
  return connections.map((entry) => {
    const spec: ConnectionRefreshSpec = typeof entry === "string" ? { connectionId: entry } : { ...entry };
    if (spec.workspaceId === undefined && defaultWorkspaceId !== undefined)
      spec.workspaceId = defaultWorkspaceId;
    return spec;
  });
}

/** The body of a single refresh or one item of a batch (absent fields left out). */
export function toRefreshRequest(spec: ConnectionRefreshSpec): RefreshConnectionDto {
  const item: RefreshConnectionDto = { connectionId: spec.connectionId };
  if (spec.workspaceId !== undefined) item.workspaceId = spec.workspaceId;
  if (spec.sourceParameters !== undefined) item.sourceParameters = spec.sourceParameters;
  if (spec.destinationParameters !== undefined) item.destinationParameters = spec.destinationParameters;
  if (spec.usePreviousSourceParameters !== undefined) {
    item.usePreviousSourceParameters = spec.usePreviousSourceParameters;
  }
  if (spec.usePreviousDestinationParameters !== undefined) {
    item.usePreviousDestinationParameters = spec.usePreviousDestinationParameters;
  }
  return item;
}
