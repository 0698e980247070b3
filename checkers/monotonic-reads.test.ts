import { describe, expect, it } from 'vitest';
import { check } from './checker.ts';
import { monotonicReads } from './monotonic-reads.ts';
import { HistoryBuilder } from './testing/builder.ts';

describe('monotonic-reads', () => {
  it('accepts non-decreasing reads per session and key', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.w(1, 'k1', 2);
    h.r(2, { k1: null });
    h.r(2, { k1: 1 });
    h.r(2, { k1: 1 });
    h.r(3, { k1: 2 });
    h.r(2, { k1: 2 });
    const r = check(monotonicReads, h.ops);
    expect(r.valid).toBe(true);
    expect(r.stats).toMatchObject({ readsChecked: 5 });
  });

  it('flags a later read returning an older version, with both reads', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.w(1, 'k1', 2);
    const first = h.r(2, { k1: 2 });
    h.r(2, { k2: null });
    const second = h.r(2, { k1: 1 });
    const r = check(monotonicReads, h.ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies).toEqual([
      {
        kind: 'non-monotonic-read',
        ops: [first, second],
        explanation:
          'process 2 read k1 at 0.05 s (op 5) and got 2, then read it again at 0.09 s (op 9) and got 1, an older value',
      },
    ]);
  });

  it('treats an absent key after a value as older', () => {
    const h = new HistoryBuilder();
    const a = h.r(2, { k1: 3 });
    const b = h.r(2, { k9: null, k1: null });
    expect(check(monotonicReads, h.ops).anomalies.map((x) => x.ops)).toEqual([[a, b]]);
  });

  it('does not compare different sessions, nor reads that failed', () => {
    const h = new HistoryBuilder();
    h.r(2, { k1: 3 });
    h.r(3, { k1: 1 });
    h.invokeRead(2, ['k1']);
    h.complete(2, 'info');
    h.r(4, { k1: null });
    h.r(4, { k1: null });
    const r = check(monotonicReads, h.ops);
    expect(r.valid).toBe(true);
    expect(r.stats).toMatchObject({ readsChecked: 4, readsJudged: 1 });
  });

  it('flags a key read twice in one op going backwards', () => {
    const h = new HistoryBuilder();
    h.r(2, [
      ['k1', 2],
      ['k1', 1],
    ]);
    const r = check(monotonicReads, h.ops);
    expect(r.anomalies.map((a) => a.ops)).toEqual([[1]]);
  });
});
