// Deliberate bugs, for measuring whether splitbrain notices a broken store
// (the matrix's detection table, harness/matrix). Each is named and does one
// wrong thing; a node takes --bug <name> only when the environment has
// SPLITBRAIN_TEST_BUGS=1, so no real deployment starts one by mistake.
import type { StorageRecord } from './records.ts';

export const BUG_SWITCH = 'SPLITBRAIN_TEST_BUGS';

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

export const BUG_NAMES = Object.keys(BUGS) as BugName[];

export function isBugName(x: string): x is BugName {
  return Object.hasOwn(BUGS, x);
}

/** Why --bug is refused here, or null when it may run: the switch must be on. */
export function bugRefusal(env: Readonly<Record<string, string | undefined>>): string | null {
  return env[BUG_SWITCH] === '1'
    ? null
    : `--bug runs a deliberately broken store, for tests and the matrix's detection table only; set ${BUG_SWITCH}=1 to allow it`;
}

/** The records a node restarts from under lose-last-write-on-restart: its newest entry gone. */
export function forgetNewestEntry(records: readonly StorageRecord[]): StorageRecord[] {
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
