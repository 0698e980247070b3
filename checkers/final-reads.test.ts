// Final reads are taken after the faults healed, one per node, by processes
// of their own: they are convergence's and lost-writes' evidence. The
// session checkers judge the sessions' own ops only, so a replica still
// behind at the final reads (a quiesce that timed out) is not a stale session read.
import { describe, expect, it } from 'vitest';
import { check, type Checker } from './checker.ts';
import { consistentPrefix } from './consistent-prefix.ts';
import { convergence } from './convergence.ts';
import { monotonicReads } from './monotonic-reads.ts';
import { readYourWrites } from './read-your-writes.ts';
import { causal } from './session-guarantees.ts';
import { HistoryBuilder } from './testing/builder.ts';

const SESSION_CHECKERS: readonly Checker[] = [
  readYourWrites,
  monotonicReads,
  consistentPrefix,
  causal,
];

/** Process 4 writes and reads k1 and k2; then `f` reads them from a replica still behind. */
function history(f: string, process: number): { ops: HistoryBuilder['ops']; late: number } {
  const h = new HistoryBuilder();
  h.w(4, 'k1', 1);
  h.w(4, 'k1', 2);
  h.r(4, { k1: 2 });
  h.w(4, 'k2', 1);
  h.r(4, { k2: 1, k1: 2 });
  if (f === 'final-read') h.r(process + 1, { k1: 2, k2: 1 }, f);
  const late = h.r(process, { k1: 1, k2: null }, f);
  return { ops: h.ops, late };
}

describe('final reads and the session checkers', () => {
  it.each(SESSION_CHECKERS.map((c) => [c.id, c] as const))(
    '%s does not judge final reads, even under a session id the run used before',
    (_id, checker) => {
      const r = check(checker, history('final-read', 4).ops);
      expect(r.valid).toBe(true);
      expect(r.anomalies).toEqual([]);
    },
  );

  it.each(SESSION_CHECKERS.map((c) => [c.id, c] as const))(
    '%s still flags the same stale read when the session made it',
    (_id, checker) => {
      const { ops, late } = history('read', 4);
      const r = check(checker, ops);
      expect(r.valid).toBe(false);
      expect(r.anomalies.every((a) => a.ops.includes(late))).toBe(true);
    },
  );

  it('convergence judges the final reads: the replica behind differs', () => {
    const { ops, late } = history('final-read', 6);
    const r = check(convergence, ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies[0]!.ops).toContain(late);
  });
});
