// The Checker role's contract, run against the no-op and the kv checkers: a
// pass shares no state with another, anomalies point at ops of the history in
// ascending order, and the no-op is the identity of composition in checkAll.
import { describe, expect, it } from 'vitest';
import type { Op } from '../core/history.ts';
import { checkAll, noopChecker, type Checker, type CheckResult } from './checker.ts';
import { consistentPrefix } from './consistent-prefix.ts';
import { convergence } from './convergence.ts';
import { lostWrites } from './lost-writes.ts';
import { monotonicReads } from './monotonic-reads.ts';
import { readYourWrites } from './read-your-writes.ts';
import { staleness } from './staleness.ts';
import { HistoryBuilder } from './testing/builder.ts';
import { linearizableHistory } from './testing/sc-model.ts';

/** A session that writes 2 to x and then reads 1: stale for read-your-writes and lost for lost-writes. */
function staleHistory(): Op[] {
  const h = new HistoryBuilder();
  h.w(1, 'x', 1);
  h.w(1, 'x', 2);
  h.r(1, { x: 1 });
  h.r(2, { x: 1 }, 'final-read');
  return h.ops;
}

const VALID = linearizableHistory(
  3,
  Array.from({ length: 60 }, (_, i) => ({ slot: i % 5, choice: i * 17 })),
);

/** Steps two passes of one checker over two histories in lockstep. */
function interleaved(c: Checker, a: readonly Op[], b: readonly Op[]): [CheckResult, CheckResult] {
  const pa = c.start();
  const pb = c.start();
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) pa.step(a[i]!);
    if (i < b.length) pb.step(b[i]!);
  }
  return [pa.finish(), pb.finish()];
}

function checkerContract(c: Checker): void {
  describe(`${c.id} keeps the Checker contract`, () => {
    it('gives passes that share no state', () => {
      const alone = [checkAll([c], VALID)[c.id]!, checkAll([c], staleHistory())[c.id]!];
      expect(interleaved(c, VALID, staleHistory())).toEqual(alone);
    });

    it('names ops of the history as witnesses, ascending', () => {
      const ops = staleHistory();
      for (const a of checkAll([c], ops)[c.id]!.anomalies) {
        expect(a.ops.length).toBeGreaterThan(0);
        expect([...a.ops].sort((x, y) => x - y)).toEqual([...a.ops]);
        for (const i of a.ops) expect(i).toBeLessThan(ops.length);
      }
    });

    it('is unchanged by a no-op beside it', () => {
      for (const ops of [VALID, staleHistory()]) {
        const both = checkAll([noopChecker, c], ops);
        expect(both[c.id]).toEqual(checkAll([c], ops)[c.id]);
      }
    });
  });
}

for (const c of [
  noopChecker,
  readYourWrites,
  monotonicReads,
  consistentPrefix,
  lostWrites,
  staleness,
  convergence,
])
  checkerContract(c);

describe('the no-op checker', () => {
  it('accepts a history every kv checker would reject', () => {
    const rs = checkAll([noopChecker, readYourWrites, lostWrites], staleHistory());
    expect(rs.noop!.valid).toBe(true);
    expect(rs['read-your-writes']!.valid).toBe(false);
    expect(rs['lost-writes']!.valid).toBe(false);
  });

  it('still reports when a checker beside it crashes', () => {
    const crashing: Checker = {
      id: 'crashing',
      description: 'throws on its first op',
      start: () => ({
        step: () => {
          throw new Error('boom');
        },
        finish: () => ({ valid: true, anomalies: [], stats: {} }),
      }),
    };
    const rs = checkAll([noopChecker, crashing], VALID);
    expect(rs.noop!.valid).toBe(true);
    expect(rs.crashing).toMatchObject({ valid: 'unknown', error: 'checker crashed: Error: boom' });
  });
});
