/**
 * Workiva Wdata: `Refresh` (refresh connections when their inputs change, and wait for the
 * outcome) and `getConnection` / `getConnectionOutput` (a connection's details).
 */
export {
  Refresh,
  type RefreshArgs,
  type ConnectionRefreshArgs,
  type RefreshStatus,
  type RunOutput,
  type BatchFallback,
} from "./refresh";
export {
  getConnection,
  getConnectionOutput,
  type GetConnectionArgs,
  type GetConnectionOutputArgs,
  type GetConnectionResult,
  type ConnectionDto,
  type ConnectionRunDto,
  type ParameterMap,
  type RunStatus,
} from "./get-connection";
