/**
 * A Refresh fed by `workiva.getConnection`: read a connection's details, and refresh it together
 * with its sibling connections whenever its source changes or the close period moves on.
 *
 * What it teaches:
 * - `getConnectionOutput` reads details (destination, source, last run) at preview and up;
 * - `triggers` can be any value: here the close period (config) and the connection's source id,
 *   so re-pointing the connection or moving to the next period refreshes the workbook;
 * - incoming connections of one spreadsheet (here the close workbook) go out as one batch request,
 *   automatically; connections Workiva does not batch are refreshed one by one.
 *
 * Config: `closePeriod` (default 2026-10), `anchorConnection` (default conn-finance-1).
 */
import * as pulumi from "@pulumi/pulumi";
import { workiva } from "pulumi-datasync";

const config = new pulumi.Config();
const anchor = workiva.getConnectionOutput({
  connectionId: config.get("anchorConnection") ?? "conn-finance-1",
});

const close = new workiva.Refresh("month-end-close", {
  connections: [anchor.connectionId, "conn-finance-2", "conn-finance-3"],
  triggers: { period: config.get("closePeriod") ?? "2026-10", source: anchor.sourceId },
  timeoutSeconds: 900,
});

export const workbook = anchor.destinationId;
export const lastRunBeforeThisDeploy = anchor.lastRunJobId;
export const status = close.status;
export const batches = close.batchRefreshIds;
