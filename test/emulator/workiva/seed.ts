/** The demo catalogue: 8 connections over 3 destinations (two workbooks and one document). */
import type { ConnectionSpec } from "./types";

/** Destination ids of the demo catalogue. */
export const SEED_DESTINATIONS = {
  salesWorkbook: "wb-sales-2024",
  financeWorkbook: "wb-finance-close",
  esgDocument: "doc-esg-report",
} as const;

/** The seeded connections, in list order. */
export const SEED_CONNECTIONS: readonly ConnectionSpec[] = [
  seeded("conn-sales-1", SEED_DESTINATIONS.salesWorkbook, "Sales by region", "wdata_query", "spreadsheet"),
  seeded("conn-sales-2", SEED_DESTINATIONS.salesWorkbook, "Sales pipeline", "wdata_query", "spreadsheet"),
  seeded("conn-sales-3", SEED_DESTINATIONS.salesWorkbook, "Sales targets", "wdata_table", "spreadsheet"),
  seeded("conn-finance-1", SEED_DESTINATIONS.financeWorkbook, "Trial balance", "wdata_query", "spreadsheet"),
  seeded(
    "conn-finance-2",
    SEED_DESTINATIONS.financeWorkbook,
    "Journal entries",
    "wdata_shared_query",
    "spreadsheet",
  ),
  seeded("conn-finance-3", SEED_DESTINATIONS.financeWorkbook, "FX rates", "wdata_table", "spreadsheet"),
  seeded("conn-esg-1", SEED_DESTINATIONS.esgDocument, "Emissions summary", "wdata_query", "document"),
  seeded("conn-esg-2", SEED_DESTINATIONS.esgDocument, "Energy usage", "wdata_table", "document"),
];

function seeded(
  connectionId: string,
  destinationId: string,
  name: string,
  sourceType: ConnectionSpec["sourceType"],
  destinationType: ConnectionSpec["destinationType"],
): ConnectionSpec {
  return {
    connectionId,
    destinationId,
    name,
    description: `Demo connection: ${name}`,
    sourceId: `src-${connectionId.replace(/^conn-/, "")}`,
    sourceType,
    destinationType,
  };
}
