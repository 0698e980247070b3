// One shard's replicated log and the key-value state it produces on this
// replica. The log may run ahead of the state: entries become visible to
// reads only once committed (their replication mode's condition held), so a
// write that may yet be discarded is never read. Every change is persisted
// before it is visible, so a restarted node rebuilds exactly what it had.
import type { Value } from '../../protocol.ts';
import type { LogEntry, SnapshotRow, StorageRecord, Versioned } from './records.ts';
import { evaluate, type EvalContext } from '../../values.ts';

interface Stored {
  readonly entry: LogEntry;
  /** What this replica evaluated the entry to (differs from entry.value for statements). */
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
  /** Highest LSN applied to the state (committed). */
  private applied = 0;

  constructor(
    readonly shard: number,
    /** Appends a record durably (the node's storage). */
    private readonly persist: (record: StorageRecord) => void,
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

  get appliedLsn(): number {
    return this.applied;
  }

  /** Term of the entry at lsn; undefined when it is absent or hidden inside the snapshot. */
  termAt(lsn: number): number | undefined {
    if (lsn === this.baseLsn) return this.baseTerm;
    if (lsn < this.baseLsn || lsn > this.lastLsn) return undefined;
    return this.at(lsn)?.entry.term;
  }

  entry(lsn: number): LogEntry | undefined {
    return lsn > this.baseLsn ? this.at(lsn)?.entry : undefined;
  }

  seenMonoMs(lsn: number): number | undefined {
    return this.at(lsn)?.seenMonoMs;
  }

  /** Entries fromLsn.. up to maxCount, for shipping to a follower. */
  slice(fromLsn: number, maxCount: number): LogEntry[] {
    const start = Math.max(0, fromLsn - this.baseLsn - 1);
    return this.entries.slice(start, start + maxCount).map((s) => s.entry);
  }

  /** The committed value of key. */
  get(key: string): Versioned | undefined {
    return this.state.get(key);
  }

  /** Appends at lastLsn + 1, evaluating statements on this replica now. Not yet visible. */
  append(entry: LogEntry): void {
    if (entry.lsn !== this.lastLsn + 1) {
      throw new Error(
        `shard ${this.shard}: append expected lsn ${this.lastLsn + 1}, got ${entry.lsn}`,
      );
    }
    const applied = entry.stmt ? evaluate(entry.value, this.evalCtx) : entry.value;
    const rec: StorageRecord = entry.stmt
      ? { t: 'entry', shard: this.shard, entry, applied }
      : { t: 'entry', shard: this.shard, entry };
    this.persist(rec);
    this.entries.push({ entry, applied, seenMonoMs: this.monoMs() });
  }

  /** Makes entries up to lsn visible. Returns whether anything changed. */
  commit(lsn: number): boolean {
    const to = Math.min(lsn, this.lastLsn);
    if (to <= this.applied) return false;
    this.persist({ t: 'commit', shard: this.shard, lsn: to });
    this.applyUpTo(to);
    return true;
  }

  /** Discards entries from fromLsn on, and rebuilds the state if they were visible. */
  truncateFrom(fromLsn: number): number {
    if (fromLsn > this.lastLsn) return 0;
    if (fromLsn <= this.baseLsn) {
      throw new Error(`shard ${this.shard}: cannot truncate into the snapshot`);
    }
    this.persist({ t: 'truncate', shard: this.shard, fromLsn });
    return this.dropFrom(fromLsn);
  }

  /** Replaces everything by a leader's snapshot of its committed state at lsn. */
  installSnapshot(lsn: number, term: number, rows: readonly SnapshotRow[]): void {
    this.persist({ t: 'snapshot', shard: this.shard, lsn, term, rows });
    this.resetTo(lsn, term, rows);
  }

  /** A consistent image of the committed state, tagged with its LSN and that entry's term. */
  snapshot(): { lsn: number; term: number; rows: SnapshotRow[] } {
    const rows: SnapshotRow[] = [];
    for (const [k, v] of this.state) rows.push([k, v.value, v.version]);
    return { lsn: this.applied, term: this.termAt(this.applied) ?? 0, rows };
  }

  /** Replays one record read back from storage (no re-evaluation: the applied value was saved). */
  replay(rec: StorageRecord): void {
    switch (rec.t) {
      case 'entry':
        if (rec.entry.lsn !== this.lastLsn + 1) {
          throw new Error(
            `shard ${this.shard}: data file has lsn ${rec.entry.lsn} after ${this.lastLsn}`,
          );
        }
        this.entries.push({
          entry: rec.entry,
          applied: rec.applied ?? rec.entry.value,
          seenMonoMs: this.monoMs(),
        });
        break;
      case 'commit':
        this.applyUpTo(Math.min(rec.lsn, this.lastLsn));
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

  private at(lsn: number): Stored | undefined {
    return this.entries[lsn - this.baseLsn - 1];
  }

  private applyUpTo(lsn: number): void {
    for (let l = this.applied + 1; l <= lsn; l++) {
      const s = this.at(l);
      if (s && !s.entry.noop) this.state.set(s.entry.key, { value: s.applied, version: l });
    }
    this.applied = Math.max(this.applied, lsn);
  }

  private dropFrom(fromLsn: number): number {
    const keep = Math.max(0, fromLsn - this.baseLsn - 1);
    const dropped = this.entries.length - keep;
    if (dropped <= 0) return 0;
    this.entries = this.entries.slice(0, keep);
    if (this.applied >= fromLsn) {
      // Visible writes are being taken back: only async or unsafe modes get here.
      const to = this.lastLsn;
      this.applied = this.baseLsn;
      this.rebuild();
      this.applyUpTo(to);
    }
    return dropped;
  }

  private resetTo(lsn: number, term: number, rows: readonly SnapshotRow[]): void {
    this.baseLsn = lsn;
    this.baseTerm = term;
    this.baseRows = rows;
    this.entries = [];
    this.applied = lsn;
    this.rebuild();
  }

  /** State = the snapshot only; callers re-apply entries. */
  private rebuild(): void {
    this.state = new Map();
    for (const [k, value, version] of this.baseRows) this.state.set(k, { value, version });
  }
}
