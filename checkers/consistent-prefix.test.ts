import { describe, expect, it } from 'vitest';
import { check } from './checker.ts';
import { consistentPrefix } from './consistent-prefix.ts';
import { lostWrites } from './lost-writes.ts';
import { HistoryBuilder } from './testing/builder.ts';

describe('consistent-prefix', () => {
  it('accepts reads that always include the predecessors of what was seen', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.r(2, { k1: 1 });
    h.w(2, 'k2', 1);
    h.r(3, { k2: 1, k1: 1 });
    h.r(3, { k1: 1 });
    h.r(4, { k1: 1 });
    h.r(4, { k2: null });
    const r = check(consistentPrefix, h.ops);
    expect(r.valid).toBe(true);
    expect(r.stats).toMatchObject({ readsChecked: 6, writes: 2, keys: 2 });
  });

  it('flags a later read missing a predecessor of an observed write (reads-from edge)', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    const r1 = h.r(2, { k1: 1 });
    const w2 = h.w(2, 'k2', 1);
    const seen = h.r(3, { k2: 1 });
    const stale = h.r(3, { k1: null });
    const r = check(consistentPrefix, h.ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies).toEqual([
      {
        kind: 'inconsistent-prefix',
        ops: [r1, w2, seen, stale],
        explanation: `process 3 read k2=1 at 0.07 s (op ${seen}), where k1=1 precedes k2=1 (ops ${r1}, ${w2}), then read k1 at 0.09 s (op ${stale}) and got nothing (key absent), older than 1`,
      },
    ]);
  });

  it('flags a single multi-key read mixing a write with a missing predecessor', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    const w1 = h.w(1, 'k1', 2);
    const w2 = h.w(1, 'k5', 1);
    const both = h.r(3, { k1: 1, k5: 1 });
    const r = check(consistentPrefix, h.ops);
    expect(r.anomalies.map((a) => [a.kind, a.ops])).toEqual([
      ['inconsistent-prefix', [w1, w2, both]],
    ]);
    expect(r.anomalies[0]!.explanation).toContain('mixes a write with a missing predecessor');
  });

  it('follows precedence transitively and names the chain', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    const a = h.r(2, { k1: 1 });
    const b = h.w(2, 'k2', 1);
    const c = h.r(3, { k2: 1 });
    const d = h.w(3, 'k3', 1);
    const seen = h.r(4, { k3: 1 });
    const stale = h.r(4, { k1: null });
    const r = check(consistentPrefix, h.ops);
    expect(r.anomalies.map((x) => x.ops)).toEqual([[a, b, c, d, seen, stale]]);
    expect(r.anomalies[0]!.explanation).toContain('k1=1 precedes k3=1 via k2=1');
  });

  it('leaves an older read of the same key to monotonic reads', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.w(1, 'k1', 2);
    h.r(3, { k1: 2 });
    h.r(3, { k1: 1 });
    expect(check(consistentPrefix, h.ops).valid).toBe(true);
  });

  it('does not let a write precede writes its session made before reading it', () => {
    const h = new HistoryBuilder();
    h.w(2, 'k2', 1);
    h.w(1, 'k1', 1);
    h.r(2, { k1: 1 });
    h.r(3, { k2: 1, k1: null });
    h.r(4, { k1: 1, k2: null });
    expect(check(consistentPrefix, h.ops).valid).toBe(true);
  });

  it('treats info writes as maybe-happened: a read of one still carries its predecessors', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.r(2, { k1: 1 });
    h.w(2, 'k2', 1, 'info');
    const seen = h.r(3, { k2: 1, k1: null });
    const r = check(consistentPrefix, h.ops);
    expect(r.anomalies.map((a) => a.ops.at(-1))).toEqual([seen]);
  });

  it('leaves final reads to convergence and lost-writes, and ignores nemesis records', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.nemesis('partition', ['n1']);
    h.r(2, { k1: 1 });
    h.w(2, 'k2', 1);
    const seen = h.r(3, { k2: 1, k1: null });
    const fin = h.r(9, { k1: null, k2: 1 }, 'final-read');
    expect(check(consistentPrefix, h.ops).anomalies.map((a) => a.ops.at(-1))).toEqual([seen]);
    const lost = check(lostWrites, h.ops).anomalies.filter((a) => a.kind === 'lost-write');
    expect(lost.map((a) => a.ops.at(-1))).toEqual([fin]);
  });

  it('returns unknown when a key has two writers', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.w(2, 'k1', 2);
    const r = check(consistentPrefix, h.ops);
    expect(r.valid).toBe('unknown');
    expect(r.error).toContain('one writer per key');
  });

  it('prefers the shortest witness when a writer also read the predecessor directly', () => {
    const h = new HistoryBuilder();
    h.w(1, 'a', 1);
    h.r(2, { a: 1 });
    h.w(2, 'c', 1);
    h.r(3, { c: 1 });
    h.w(3, 'b', 1);
    const direct = h.r(3, { a: 1 });
    const w = h.w(3, 'b', 2);
    const seen = h.r(4, { b: 2, a: null });
    const r = check(consistentPrefix, h.ops);
    expect(r.anomalies.map((a) => a.ops)).toEqual([[direct, w, seen]]);
  });
});
