// Leaderless's deliberate bugs (store/replication/bugs.ts): each is named and
// does one wrong thing, for measuring whether splitbrain notices it.

export const BUGS = {
  'read-repair-skipped':
    'a read coordinator never writes the newer version back to the stale replicas it read from (no read repair)',
  'version-vector-ignores-node':
    "comparing versions skips the last node's counter, so a write that node coordinated looks seen by every other version and is dropped",
} as const;

export type BugName = keyof typeof BUGS;
