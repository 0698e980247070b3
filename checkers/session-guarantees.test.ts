import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, checkAll } from './checker.ts';
import { causal, monotonicWrites, writesFollowReads } from './session-guarantees.ts';
import { HistoryBuilder } from './testing/builder.ts';
import { linearizableHistory } from './testing/sc-model.ts';
import { expectNotRefuted } from './testing/verdicts.ts';

describe('monotonic-writes', () => {
  it('flags a read that sees a session’s later write but not its earlier one', () => {
    const h = new HistoryBuilder();
    const w1 = h.w(1, 'a', 1);
    const w2 = h.w(1, 'b', 1);
    const seen = h.r(2, { b: 1, a: null });
    const r = check(monotonicWrites, h.ops);
    expect(r.anomalies.map((a) => [a.kind, a.ops])).toEqual([
      ['non-monotonic-write', [w1, w2, seen]],
    ]);
  });

  it('does not order a write after what its session read', () => {
    const h = new HistoryBuilder();
    h.w(1, 'a', 1);
    h.r(2, { a: 1 });
    h.w(2, 'b', 1);
    h.r(3, { b: 1, a: null });
    expect(check(monotonicWrites, h.ops).valid).toBe(true);
  });
});

describe('writes-follow-reads', () => {
  it('flags a write seen without the write its session read before making it', () => {
    const h = new HistoryBuilder();
    h.w(1, 'a', 1);
    const read = h.r(2, { a: 1 });
    const w = h.w(2, 'b', 1);
    const seen = h.r(3, { b: 1 });
    const stale = h.r(3, { a: null });
    const r = check(writesFollowReads, h.ops);
    expect(r.anomalies.map((a) => [a.kind, a.ops])).toEqual([
      ['write-before-its-read', [read, w, seen, stale]],
    ]);
  });

  it('does not order a session’s own writes', () => {
    const h = new HistoryBuilder();
    h.w(1, 'a', 1);
    h.w(1, 'b', 1);
    h.r(2, { b: 1, a: null });
    expect(check(writesFollowReads, h.ops).valid).toBe(true);
  });
});

describe('causal', () => {
  it('reports stale own reads, backwards reads and missing causal predecessors', () => {
    const h = new HistoryBuilder();
    h.w(1, 'a', 1);
    h.r(1, { a: null });
    h.r(2, { a: 1 });
    h.r(2, { a: null });
    h.w(2, 'b', 1);
    h.r(3, { b: 1, a: null });
    const r = check(causal, h.ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies.map((a) => a.kind)).toEqual([
      'stale-read',
      'non-monotonic-read',
      'inconsistent-prefix',
    ]);
    expect(r.stats).toHaveProperty(['consistent-prefix.readsChecked']);
  });

  it('never flags a history from the linearizable model', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.record({ slot: fc.nat(), choice: fc.nat() }), { maxLength: 100 }),
        (n, steps) => {
          const rs = checkAll(
            [causal, monotonicWrites, writesFollowReads],
            linearizableHistory(n, steps),
          );
          for (const r of Object.values(rs)) expectNotRefuted(r);
        },
      ),
      { numRuns: 150 },
    );
  });
});
