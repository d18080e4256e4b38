/** The connection catalogue: connections, their destinations, and per-connection behaviour
 * switches (told to fail, destination unwritable). */
import { EMULATOR_WORKSPACE_ID } from "./decisions";
import type { ConnectionSpec, ParameterMap, RecordType } from "./types";

/** A stored connection (everything of ConnectionDto except the last-run fields). */
export interface ConnectionRecord {
  connectionId: string;
  name: string;
  description: string;
  metadata: ParameterMap;
  workspaceId: string;
  created: string;
  createdBy: string;
  updated: string;
  sourceId: string;
  sourceType: RecordType;
  destinationId: string;
  destinationType: RecordType;
}

/** Creator recorded on connections added by the seed or by tests. */
const CATALOGUE_CREATOR = "user-emulator";

interface Behaviour {
  failure?: { message: string | null; remaining: number };
  unwritable: boolean;
  /** Initiating a refresh of it fails with this message: no job, no run. */
  startFailure?: string;
}

/** In-memory connections in insertion order. */
export class ConnectionCatalogue {
  private readonly connections = new Map<string, ConnectionRecord>();
  private readonly behaviour = new Map<string, Behaviour>();

  constructor(private readonly nowIso: () => string) {}

  /** Add a connection; throws on a duplicate or unusable id. */
  add(spec: ConnectionSpec): ConnectionRecord {
    if (!spec.connectionId || /[/\s]/.test(spec.connectionId)) {
      throw new Error(`Invalid connection id ${JSON.stringify(spec.connectionId)}: no '/' or spaces`);
    }
    if (this.connections.has(spec.connectionId))
      throw new Error(`Connection ${spec.connectionId} already exists`);
    const created = this.nowIso();
    const record: ConnectionRecord = {
      connectionId: spec.connectionId,
      name: spec.name ?? `Connection ${spec.connectionId}`,
      description: spec.description ?? "",
      metadata: {},
      workspaceId: spec.workspaceId ?? EMULATOR_WORKSPACE_ID,
      created,
      createdBy: CATALOGUE_CREATOR,
      updated: created,
      sourceId: spec.sourceId ?? `src-${spec.connectionId}`,
      sourceType: spec.sourceType ?? "wdata_query",
      destinationId: spec.destinationId,
      destinationType: spec.destinationType ?? "spreadsheet",
    };
    this.connections.set(record.connectionId, record);
    this.behaviour.set(record.connectionId, { unwritable: false });
    return record;
  }

  /** The connection, or undefined. */
  get(connectionId: string): ConnectionRecord | undefined {
    return this.connections.get(connectionId);
  }

  /** Every connection in insertion order. */
  all(): ConnectionRecord[] {
    return [...this.connections.values()];
  }

  /** Make the next `times` runs of a connection fail with `message`. */
  fail(connectionId: string, message: string | null, times: number): void {
    this.behaviourOf(connectionId).failure = { message, remaining: times };
  }

  /** Mark the connection's destination unwritable or writable. */
  setUnwritable(connectionId: string, unwritable: boolean): void {
    this.behaviourOf(connectionId).unwritable = unwritable;
  }

  /** Clear the failure, start-failure and unwritable switches. */
  heal(connectionId: string): void {
    this.behaviour.set(this.require(connectionId).connectionId, { unwritable: false });
  }

  /** Make every refresh of the connection fail to initiate (until healed). */
  failStart(connectionId: string, message: string): void {
    this.behaviourOf(connectionId).startFailure = message;
  }

  /** The initiation failure of the connection's refreshes, if it has one. */
  startFailure(connectionId: string): string | undefined {
    return this.behaviourOf(connectionId).startFailure;
  }

  /** Whether the connection's destination is unwritable. */
  isUnwritable(connectionId: string): boolean {
    return this.behaviourOf(connectionId).unwritable;
  }

  /** For a run about to start: its failure (message, or null for none) if this run must fail
   * (uses up one), else undefined. */
  takeFailure(connectionId: string): { message: string | null } | undefined {
    const behaviour = this.behaviourOf(connectionId);
    const failure = behaviour.failure;
    if (!failure || failure.remaining <= 0) return undefined;
    failure.remaining -= 1;
    return { message: failure.message };
  }

  /** Forget every connection. */
  clear(): void {
    this.connections.clear();
    this.behaviour.clear();
  }

  private require(connectionId: string): ConnectionRecord {
    const record = this.connections.get(connectionId);
    if (!record) throw new Error(`Unknown connection ${connectionId}`);
    return record;
  }

  private behaviourOf(connectionId: string): Behaviour {
    this.require(connectionId);
    return this.behaviour.get(connectionId) as Behaviour;
  }
}
