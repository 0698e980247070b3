// Log entries and the durable records a node appends to its data file.
import type { Value } from '../../protocol.ts';

/** One replicated write. */
export interface LogEntry {
  readonly lsn: number;
  /** Term of the leader that created it; decides which copy wins after a failover. */
  readonly term: number;
  readonly key: string;
  /**
   * Row-based: the value itself. Statement-based (stmt true): the statement,
   * re-evaluated by every replica that applies it.
   */
  readonly value: Value;
  readonly stmt: boolean;
  /** Leader's wall clock when it accepted the write. */
  readonly tsMs: number;
  /**
   * A new leader's first entry: committing it commits every older entry
   * before it (Raft's rule that a leader counts replicas only of its own term).
   */
  readonly noop?: boolean;
}

/** A key's value and the LSN of the write that produced it. */
export interface Versioned {
  readonly value: Value;
  readonly version: number;
}

/** [key, value, version] rows of a snapshot. */
export type SnapshotRow = readonly [string, Value, number];

export type StorageRecord =
  /** An appended entry; `applied` is what this replica evaluated a statement to. */
  | {
      readonly t: 'entry';
      readonly shard: number;
      readonly entry: LogEntry;
      readonly applied?: Value;
    }
  /** Entries from `fromLsn` on were discarded (they conflicted with a newer leader). */
  | { readonly t: 'truncate'; readonly shard: number; readonly fromLsn: number }
  /** Log and state replaced by a leader's snapshot. */
  | {
      readonly t: 'snapshot';
      readonly shard: number;
      readonly lsn: number;
      readonly term: number;
      readonly rows: readonly SnapshotRow[];
    }
  /** Entries up to lsn are committed (their mode's condition held) and visible to reads. */
  | { readonly t: 'commit'; readonly shard: number; readonly lsn: number }
  /** Election state that must survive a restart so a node never votes twice in a term. */
  | {
      readonly t: 'term';
      readonly shard: number;
      readonly term: number;
      readonly vote: string | null;
    };

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const isNat = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

export function isLogEntry(x: unknown): x is LogEntry {
  return (
    isObj(x) &&
    isNat(x.lsn) &&
    x.lsn > 0 &&
    isNat(x.term) &&
    typeof x.key === 'string' &&
    'value' in x &&
    typeof x.stmt === 'boolean' &&
    typeof x.tsMs === 'number' &&
    (x.noop === undefined || typeof x.noop === 'boolean')
  );
}

export function isSnapshotRow(x: unknown): x is SnapshotRow {
  return Array.isArray(x) && x.length === 3 && typeof x[0] === 'string' && isNat(x[2]);
}

/** Type guard for a record read back from disk. */
export function isStorageRecord(x: unknown): x is StorageRecord {
  if (!isObj(x) || !isNat(x.shard)) return false;
  switch (x.t) {
    case 'entry':
      return isLogEntry(x.entry);
    case 'truncate':
      return isNat(x.fromLsn);
    case 'commit':
      return isNat(x.lsn);
    case 'snapshot':
      return isNat(x.lsn) && isNat(x.term) && Array.isArray(x.rows) && x.rows.every(isSnapshotRow);
    case 'term':
      return isNat(x.term) && (x.vote === null || typeof x.vote === 'string');
    default:
      return false;
  }
}
