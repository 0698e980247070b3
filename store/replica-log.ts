// One shard's replicated log and the key-value state it produces on this
// replica. Every change is persisted before it is visible, so a restarted node
// rebuilds exactly what it had acknowledged.
import type { Value } from './protocol.ts';
import type { LogEntry, SnapshotRow, StorageRecord, Versioned } from './records.ts';
import type { Storage } from './ports.ts';
import { evaluate, type EvalContext } from './values.ts';

interface Stored {
  readonly entry: LogEntry;
  /** What this replica applied (differs from entry.value for statements). */
  readonly applied: Value;
  /** Monotonic time this replica appended it (in memory only; for lag in ms). */
  readonly seenMonoMs: number;
}

export class ReplicaLog {
  /** The log starts after a snapshot taken at baseLsn (0: no snapshot). */
  private baseLsn = 0;
  private baseTerm = 0;
  private baseRows: readonly SnapshotRow[] = [];
  private entries: Stored[] = [];
  private state = new Map<string, Versioned>();

  constructor(
    readonly shard: number,
    private readonly storage: Storage,
    private readonly evalCtx: EvalContext,
    private readonly monoMs: () => number,
  ) {}

  get lastLsn(): number {
    return this.baseLsn + this.entries.length;
  }

  get lastTerm(): number {
    return this.entries.at(-1)?.entry.term ?? this.baseTerm;
  }

  get firstLsn(): number {
    return this.baseLsn + 1;
  }

  /** Term of the entry at lsn; undefined when it is absent or hidden inside the snapshot. */
  termAt(lsn: number): number | undefined {
    if (lsn === this.baseLsn) return this.baseTerm;
    if (lsn < this.baseLsn || lsn > this.lastLsn) return undefined;
    return this.entries[lsn - this.baseLsn - 1]?.entry.term;
  }

  entry(lsn: number): LogEntry | undefined {
    return this.entries[lsn - this.baseLsn - 1]?.entry;
  }

  seenMonoMs(lsn: number): number | undefined {
    return this.entries[lsn - this.baseLsn - 1]?.seenMonoMs;
  }

  /** Entries fromLsn.. up to maxCount, for shipping to a follower. */
  slice(fromLsn: number, maxCount: number): LogEntry[] {
    const start = Math.max(0, fromLsn - this.baseLsn - 1);
    return this.entries.slice(start, start + maxCount).map((s) => s.entry);
  }

  get(key: string): Versioned | undefined {
    return this.state.get(key);
  }

  /** Appends at lastLsn + 1, evaluating statements on this replica. Returns the applied value. */
  append(entry: LogEntry): Value {
    if (entry.lsn !== this.lastLsn + 1) {
      throw new Error(
        `shard ${this.shard}: append expected lsn ${this.lastLsn + 1}, got ${entry.lsn}`,
      );
    }
    const applied = entry.stmt ? evaluate(entry.value, this.evalCtx) : entry.value;
    const rec: StorageRecord = entry.stmt
      ? { t: 'entry', shard: this.shard, entry, applied }
      : { t: 'entry', shard: this.shard, entry };
    this.storage.append(rec);
    this.push(entry, applied, this.monoMs());
    return applied;
  }

  /** Discards entries from fromLsn on and rebuilds the state without them. */
  truncateFrom(fromLsn: number): number {
    if (fromLsn > this.lastLsn) return 0;
    if (fromLsn <= this.baseLsn)
      throw new Error(`shard ${this.shard}: cannot truncate into the snapshot`);
    this.storage.append({ t: 'truncate', shard: this.shard, fromLsn });
    return this.dropFrom(fromLsn);
  }

  /** Replaces everything by a leader's snapshot taken at lsn. */
  installSnapshot(lsn: number, term: number, rows: readonly SnapshotRow[]): void {
    this.storage.append({ t: 'snapshot', shard: this.shard, lsn, term, rows });
    this.resetTo(lsn, term, rows);
  }

  /** A consistent image of the whole state at lastLsn. */
  snapshot(): { lsn: number; term: number; rows: SnapshotRow[] } {
    const rows: SnapshotRow[] = [];
    for (const [k, v] of this.state) rows.push([k, v.value, v.version]);
    return { lsn: this.lastLsn, term: this.lastTerm, rows };
  }

  /** Replays one record read back from storage (no re-evaluation: the applied value was saved). */
  replay(rec: StorageRecord): void {
    switch (rec.t) {
      case 'entry':
        // A record may repeat an lsn after a truncate; anything else out of order is a bug.
        if (rec.entry.lsn !== this.lastLsn + 1) {
          throw new Error(
            `shard ${this.shard}: data file has lsn ${rec.entry.lsn} after ${this.lastLsn}`,
          );
        }
        this.push(rec.entry, rec.applied ?? rec.entry.value, this.monoMs());
        break;
      case 'truncate':
        this.dropFrom(rec.fromLsn);
        break;
      case 'snapshot':
        this.resetTo(rec.lsn, rec.term, rec.rows);
        break;
      case 'term':
        break;
    }
  }

  private push(entry: LogEntry, applied: Value, seenMonoMs: number): void {
    this.entries.push({ entry, applied, seenMonoMs });
    this.state.set(entry.key, { value: applied, version: entry.lsn });
  }

  private dropFrom(fromLsn: number): number {
    const keep = Math.max(0, fromLsn - this.baseLsn - 1);
    const dropped = this.entries.length - keep;
    if (dropped <= 0) return 0;
    this.entries = this.entries.slice(0, keep);
    this.rebuild();
    return dropped;
  }

  private resetTo(lsn: number, term: number, rows: readonly SnapshotRow[]): void {
    this.baseLsn = lsn;
    this.baseTerm = term;
    this.baseRows = rows;
    this.entries = [];
    this.rebuild();
  }

  private rebuild(): void {
    this.state = new Map();
    for (const [k, value, version] of this.baseRows) this.state.set(k, { value, version });
    for (const s of this.entries)
      this.state.set(s.entry.key, { value: s.applied, version: s.entry.lsn });
  }
}
