import { describe, expect, it } from 'vitest';
import { check } from './checker.ts';
import { convergence } from './convergence.ts';
import { lostWrites } from './lost-writes.ts';
import { staleness } from './staleness.ts';
import { HistoryBuilder } from './testing/builder.ts';

function finalRead(
  h: HistoryBuilder,
  p: number,
  node: string,
  values: Record<string, number | null>,
) {
  h.invokeRead(p, Object.keys(values), 'final-read');
  return h.complete(p, 'ok', values, node);
}

describe('lost-writes', () => {
  it('accepts acknowledged writes that survive, directly or through later versions', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.w(1, 'k1', 2);
    h.w(2, 'k2', 1, 'info');
    finalRead(h, 10, 'n1', { k1: 2, k2: null });
    const r = check(lostWrites, h.ops);
    expect(r.valid).toBe(true);
    expect(r.stats).toMatchObject({ writesAcknowledged: 2, lostWrites: 0, finalReads: 1 });
  });

  it('flags an acknowledged write missing from every final read', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    const w = h.w(1, 'k1', 2);
    h.w(1, 'k1', 3);
    const f1 = finalRead(h, 10, 'n1', { k1: 1 });
    const f2 = finalRead(h, 11, 'n2', { k1: 1 });
    const r = check(lostWrites, h.ops);
    expect(r.anomalies.map((a) => [a.kind, a.ops])).toEqual([['lost-write', [w, f1, f2]]]);
    expect(r.anomalies[0]!.explanation).toBe(
      `process 1 wrote 2 to k1 (op ${w}, ok at 0.04 s) but the final reads (ops ${f1}, ${f2}) returned at most 1 for k1, and so were 1 later acknowledged writes to it`,
    );
  });

  it('flags a read of a failed write, and of a value never written', () => {
    const h = new HistoryBuilder();
    h.invokeWrite(1, 'k1', 1);
    const read = h.r(2, { k1: 1 });
    const fail = h.complete(1, 'fail');
    const phantom = h.r(2, { k1: 5 });
    finalRead(h, 10, 'n1', { k1: null });
    const r = check(lostWrites, h.ops);
    expect(r.anomalies.map((a) => [a.kind, a.ops])).toEqual([
      ['failed-write-visible', [read, fail]],
      ['phantom-read', [phantom]],
    ]);
  });

  it('is unknown without final reads', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    expect(check(lostWrites, h.ops).valid).toBe('unknown');
  });
});

describe('convergence', () => {
  it('accepts final reads that agree, and flags the keys where they differ', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    finalRead(h, 10, 'n1', { k1: 1, k2: null });
    finalRead(h, 11, 'n2', { k1: 1, k2: null });
    expect(check(convergence, h.ops).valid).toBe(true);
    const a = finalRead(h, 12, 'n3', { k1: null, k2: null });
    const r = check(convergence, h.ops);
    expect(r.anomalies.map((x) => [x.kind, x.ops])).toEqual([
      ['divergent-replicas', [2 + 1, 5, a]],
    ]);
    expect(r.anomalies[0]!.explanation).toContain('n3 (op 7, at 0.07 s) returned nothing');
  });

  it('is unknown when a replica did not answer or nothing was read', () => {
    const h = new HistoryBuilder();
    expect(check(convergence, h.ops).valid).toBe('unknown');
    finalRead(h, 10, 'n1', { k1: null });
    h.invokeRead(11, ['k1'], 'final-read');
    h.complete(11, 'info');
    expect(check(convergence, h.ops).valid).toBe('unknown');
  });
});

describe('staleness', () => {
  it('measures versions and ms behind the newest write acknowledged before the read', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1); // ok at 20 ms
    h.w(1, 'k1', 2); // ok at 40 ms
    h.w(1, 'k1', 3); // ok at 60 ms
    h.r(2, { k1: 1 }); // invoked at 70 ms: 2 versions behind, 70 - 40 = 30 ms
    h.r(2, { k1: 3 });
    const r = check(staleness, h.ops);
    expect(r.valid).toBe(true);
    expect(r.stats).toMatchObject({
      readsChecked: 2,
      staleReads: 1,
      versionsBehindMax: 2,
      msBehindMax: 30,
      msBehindP50: 0,
    });
    expect(r.stats.worst1).toContain('2 versions and 30.0 ms behind 3');
  });
});
