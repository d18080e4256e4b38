/** Batch refreshes: which runs they started, and how their statuses aggregate. */
import { randomUUID } from "node:crypto";
import { isTerminal } from "./run-timeline";
import type { RunStatus } from "./types";

/** A stored batch; its statuses come from its children's runs. */
export interface Batch {
  batchRefreshId: string;
  createdMs: number;
  createdBy: string;
  cancelUnwritables: boolean;
  jobIds: string[];
  /** Children whose initiation failed: no job, only the connection and the error. */
  failedStarts: Array<{ connectionId: string; error: string }>;
}

/**
 * One batch status from the children's statuses on the same side (source or destination):
 * while any child is unfinished: `not_started` if none has started, else `running`;
 * once all are terminal: `error` if any errored, `cancelled` if all were cancelled, else `complete`
 * (children cancelled under cancelUnwritables do not spoil a complete batch).
 */
export function aggregateStatus(children: readonly RunStatus[]): RunStatus {
  if (children.length === 0) return "not_started";
  if (!children.every(isTerminal)) {
    return children.every((status) => status === "not_started") ? "not_started" : "running";
  }
  if (children.includes("error")) return "error";
  if (children.every((status) => status === "cancelled")) return "cancelled";
  return "complete";
}

/** In-memory batches, oldest first. */
export class BatchStore {
  private readonly batches = new Map<string, Batch>();

  /** Record a new batch and give it an id; `jobIds` is filled by the caller as runs start. */
  create(fields: Omit<Batch, "batchRefreshId" | "jobIds" | "failedStarts">): Batch {
    const batch: Batch = { ...fields, batchRefreshId: randomUUID(), jobIds: [], failedStarts: [] };
    this.batches.set(batch.batchRefreshId, batch);
    return batch;
  }

  /** The batch, or undefined. */
  get(batchRefreshId: string): Batch | undefined {
    return this.batches.get(batchRefreshId);
  }

  /** Every batch, oldest first. */
  all(): Batch[] {
    return [...this.batches.values()];
  }

  /** Forget every batch. */
  clear(): void {
    this.batches.clear();
  }
}
