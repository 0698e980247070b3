import { describe, expect, it } from 'vitest';
import { check } from './checker.ts';
import { PbsCurve, pbsCurveOf } from './pbs.ts';
import { staleness } from './staleness.ts';
import { HistoryBuilder } from './testing/builder.ts';

describe('PBS from a history (staleness checker)', () => {
  it('buckets each read by the time since the latest completed write, and counts versions behind', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1); // ok at 20 ms
    h.w(1, 'k1', 2); // ok at 40 ms
    h.w(1, 'k1', 3); // ok at 60 ms
    h.r(2, { k1: 1 }); // invoked at 70 ms: t = 10 ms, 2 writes behind
    h.r(2, { k1: 3 }); // invoked at 90 ms: t = 30 ms, fresh
    h.r(3, { k1: 2 }); // invoked at 110 ms: t = 50 ms, 1 behind
    const r = check(staleness, h.ops);
    expect(r.stats).toMatchObject({
      pbsReads: 3,
      pbsT10Ms: 0,
      pbsT10MsReads: 1,
      pbsT50Ms: 0.5,
      pbsT50MsReads: 2,
      pbsK1: 0.333,
      pbsK2: 0.667,
      pbsK3: 1,
    });
    expect(pbsCurveOf(r.stats)).toEqual([
      { edgeMs: 10, p: 0, reads: 1 },
      { edgeMs: 50, p: 0.5, reads: 2 },
    ]);
  });

  it('leaves out reads no write completed before, and final reads', () => {
    const h = new HistoryBuilder();
    h.r(2, { k1: null });
    h.w(1, 'k1', 1);
    h.invokeRead(9, ['k1'], 'final-read');
    h.complete(9, 'ok', { k1: 1 }, 'n1');
    expect(check(staleness, h.ops).stats.pbsReads).toBe(0);
  });

  it('puts reads past the last edge in the Inf bucket', () => {
    const c = new PbsCurve();
    c.add(0.5, 0);
    c.add(60_000, 1);
    expect(c.stats()).toMatchObject({ pbsT1Ms: 1, pbsTInfMs: 0, pbsTInfMsReads: 1, pbsK1: 0.5 });
  });
});
