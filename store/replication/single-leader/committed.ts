// Reconstructs, from a node's durable records alone, every entry it ever
// made visible (committed) and every visible entry it later took back. The
// swarm tests and the simulation compare these across nodes: a replicated log
// is safe when no two nodes ever commit different entries at one LSN.
import type { LogEntry, StorageRecord } from './records.ts';

export interface CommitHistory {
  /** lsn -> the entry this node committed there (the latest, if it committed twice). */
  readonly committed: Map<number, LogEntry[]>;
  /** LSNs this node had committed and then discarded (only async or unsafe modes may). */
  readonly retracted: number[];
}

export function commitHistory(records: readonly StorageRecord[], shard: number): CommitHistory {
  const committed = new Map<number, LogEntry[]>();
  const retracted: number[] = [];
  let base = 0;
  let entries: LogEntry[] = [];
  let applied = 0;
  for (const r of records) {
    if (r.shard !== shard) continue;
    switch (r.t) {
      case 'entry':
        entries.push(r.entry);
        break;
      case 'commit':
        for (let l = applied + 1; l <= Math.min(r.lsn, base + entries.length); l++) {
          const e = entries[l - base - 1]!;
          committed.set(l, [...(committed.get(l) ?? []), e]);
        }
        applied = Math.max(applied, Math.min(r.lsn, base + entries.length));
        break;
      case 'truncate':
        for (let l = r.fromLsn; l <= applied; l++) retracted.push(l);
        applied = Math.min(applied, r.fromLsn - 1);
        entries = entries.slice(0, Math.max(0, r.fromLsn - base - 1));
        break;
      case 'snapshot':
        base = r.lsn;
        entries = [];
        applied = r.lsn;
        break;
      case 'term':
        break;
    }
  }
  return { committed, retracted };
}

/** Same entry: same term and the same write. */
export function sameEntry(a: LogEntry, b: LogEntry): boolean {
  return (
    a.term === b.term &&
    a.key === b.key &&
    JSON.stringify(a.value) === JSON.stringify(b.value) &&
    !!a.noop === !!b.noop
  );
}
