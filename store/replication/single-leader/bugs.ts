// Single-leader's deliberate bugs (store/replication/bugs.ts): each is named
// and does one wrong thing, for measuring whether splitbrain notices it.
import type { StorageRecord } from './records.ts';

export const BUGS = {
  'follower-reads-past-applied':
    'a replica answers an LSN-token read at once, before it applied the LSN the token names',
  'ack-before-sync':
    'under sync and semi-sync the leader acknowledges and shows a write before any follower holds it',
  'leader-reads-unconfirmed':
    'a leader serves leader reads without confirming that a majority still follows it (no read index)',
  'failover-without-fencing':
    "followers accept appends from a deposed leader's older term: the term no longer fences the old leader off",
  'lose-last-write-on-restart':
    'a restarted node forgets the newest entry it had written to disk (a lying fsync)',
} as const;

export type BugName = keyof typeof BUGS;

/**
 * The file as the lying disk kept it: an entry written again at an LSN it had
 * forgotten replaces the old one and everything after it, as if the old one
 * had never reached the disk (so a second restart replays one log, not two).
 */
function asKept(records: readonly StorageRecord[]): StorageRecord[] {
  const out: StorageRecord[] = [];
  const lastLsn = new Map<number, number>();
  for (const r of records) {
    if (r.t === 'entry') {
      const lsn = r.entry.lsn;
      if (lsn <= (lastLsn.get(r.shard) ?? 0)) {
        for (let i = out.length - 1; i >= 0; i--) {
          const x = out[i]!;
          if (x.t === 'entry' && x.shard === r.shard && x.entry.lsn >= lsn) out.splice(i, 1);
        }
      }
      lastLsn.set(r.shard, lsn);
    }
    out.push(r);
  }
  return out;
}

/** The records a node restarts from under lose-last-write-on-restart: its newest entry gone. */
export function forgetNewestEntry(stored: readonly StorageRecord[]): StorageRecord[] {
  const records = asKept(stored);
  let last = records.length - 1;
  while (last >= 0 && records[last]!.t !== 'entry') last--;
  const gone = records[last];
  if (gone === undefined || gone.t !== 'entry') return [...records];
  const lsn = gone.entry.lsn;
  return records
    .filter((_, i) => i !== last)
    .map((r) =>
      r.t === 'commit' && r.shard === gone.shard && r.lsn >= lsn ? { ...r, lsn: lsn - 1 } : r,
    );
}
