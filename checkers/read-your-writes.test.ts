import { describe, expect, it } from 'vitest';
import { check } from './checker.ts';
import { readYourWrites } from './read-your-writes.ts';
import { HistoryBuilder } from './testing/builder.ts';

describe('read-your-writes', () => {
  it('accepts a session that reads its own writes or later ones', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.r(1, { k1: 1 });
    h.w(2, 'k2', 1);
    h.w(1, 'k1', 2);
    h.r(1, { k1: 2, k2: null });
    h.nemesis('partition');
    h.r(2, { k2: 1, k1: null });
    const r = check(readYourWrites, h.ops);
    expect(r.valid).toBe(true);
    expect(r.stats).toMatchObject({ readsChecked: 5, writesAcknowledged: 3 });
  });

  it('flags a read older than the session’s acknowledged write, naming both ops', () => {
    const h = new HistoryBuilder();
    h.w(4, 'k4', 1);
    const w = h.w(4, 'k4', 2);
    h.r(4, { k4: 2 });
    const r1 = h.r(4, { k4: 1 });
    const r2 = h.r(4, { k4: null });
    const r = check(readYourWrites, h.ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies.map((a) => [a.kind, a.ops])).toEqual([
      ['stale-read', [w, r1]],
      ['stale-read', [w, r2]],
    ]);
    expect(r.anomalies[0]!.explanation).toBe(
      'process 4 wrote 2 to k4 (op 3, ok at 0.04 s) then read k4 at 0.07 s (op 7) and got 1, an older value',
    );
    expect(r.anomalies[1]!.explanation).toContain('got nothing (key absent)');
  });

  it('ignores other sessions’ writes and concurrent reads', () => {
    const h = new HistoryBuilder();
    h.invokeRead(2, ['k1']);
    h.w(1, 'k1', 1);
    h.complete(2, 'ok', { k1: null });
    h.r(2, { k1: null });
    const r = check(readYourWrites, h.ops);
    expect(r.anomalies).toEqual([]);
    // No read followed its own session's write: nothing was judged, which is never "valid".
    expect(r.valid).toBe('unknown');
    expect(r.error).toMatch(/^nothing checked: no ok read of a key followed its own session/);
  });

  it('does not count an info write as acknowledged', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.w(1, 'k1', 2, 'info');
    h.r(1, { k1: 1 });
    expect(check(readYourWrites, h.ops).valid).toBe(true);
  });

  it('counts an info write once the session has read it back', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1, 'info');
    const seen = h.r(1, { k1: 1 });
    const stale = h.r(1, { k1: null });
    const r = check(readYourWrites, h.ops);
    expect(r.anomalies.map((a) => a.ops)).toEqual([[seen, stale]]);
    expect(r.anomalies[0]!.explanation).toContain('read back its unacknowledged write of 1');
  });

  it('ignores failed writes and failed or info reads', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1, 'fail');
    h.r(1, { k1: null });
    h.w(1, 'k1', 2);
    h.invokeRead(1, ['k1']);
    h.complete(1, 'fail');
    h.r(1, { k1: 2 });
    const r = check(readYourWrites, h.ops);
    expect(r.valid).toBe(true);
    expect(r.stats).toMatchObject({ readsJudged: 1 });
  });
});
