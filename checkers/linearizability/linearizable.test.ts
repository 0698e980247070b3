import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../checker.ts';
import type { Op } from '../../core/history.ts';
import { HistoryBuilder } from '../testing/builder.ts';
import { linearizableHistory } from '../testing/sc-model.ts';
import { expectNotRefuted } from '../testing/verdicts.ts';
import { linearizableChecker } from './linearizable.ts';
import { kvModel, registerModel } from './models.ts';

const register = linearizableChecker({ model: registerModel });
const kv = linearizableChecker({ model: kvModel() });

/** Register ops: w = write, r = read, c = cas [from, to]. */
function reg(h: HistoryBuilder, p: number, f: 'read' | 'write' | 'cas', value: unknown) {
  return h.invoke(p, f, f === 'read' ? null : value);
}

describe('linearizability: register', () => {
  it('accepts overlapping ops that have a linearization', () => {
    const h = new HistoryBuilder();
    reg(h, 1, 'write', 1);
    reg(h, 2, 'read', null);
    h.complete(2, 'ok', undefined);
    h.ops[h.ops.length - 1] = { ...h.ops.at(-1)!, value: 1 };
    h.complete(1, 'ok');
    expect(check(register, h.ops).valid).toBe(true);
  });

  it('flags a stale read after a completed write, naming the read and the write', () => {
    const ops: Op[] = [
      { index: 0, type: 'invoke', process: 1, f: 'write', value: 1, time: 0 },
      { index: 1, type: 'ok', process: 1, f: 'write', value: 1, time: 1 },
      { index: 2, type: 'invoke', process: 2, f: 'read', value: null, time: 2 },
      { index: 3, type: 'ok', process: 2, f: 'read', value: null, time: 3 },
    ];
    const r = check(register, ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies[0]!.kind).toBe('not-linearizable');
    expect(r.anomalies[0]!.ops).toEqual([0, 1, 2, 3]);
    expect(r.anomalies[0]!.explanation).toBe(
      'read → null (process 2, op 3) cannot be linearized: after 1 ops ending with write 1 (ok) (process 1, op 1), the register holds 1, and no other op could go first',
    );
  });

  it('lets an info write take effect later, or never', () => {
    const base: Op[] = [
      { index: 0, type: 'invoke', process: 1, f: 'write', value: 5, time: 0 },
      { index: 1, type: 'info', process: 1, f: 'write', value: 5, time: 1 },
      { index: 2, type: 'invoke', process: 2, f: 'read', value: null, time: 2 },
      { index: 3, type: 'ok', process: 2, f: 'read', value: null, time: 3 },
      { index: 4, type: 'invoke', process: 2, f: 'read', value: null, time: 4 },
      { index: 5, type: 'ok', process: 2, f: 'read', value: 5, time: 5 },
    ];
    expect(check(register, base).valid).toBe(true);
    // Once seen, it cannot be unseen.
    const after: Op[] = [
      ...base,
      { index: 6, type: 'invoke', process: 2, f: 'read', value: null, time: 6 },
      { index: 7, type: 'ok', process: 2, f: 'read', value: null, time: 7 },
    ];
    expect(check(register, after).valid).toBe(false);
  });

  it('treats a never-completed op like an info op, and a failed write as never happened', () => {
    const ops: Op[] = [
      { index: 0, type: 'invoke', process: 1, f: 'write', value: 3, time: 0 },
      { index: 1, type: 'fail', process: 1, f: 'write', value: 3, time: 1 },
      { index: 2, type: 'invoke', process: 3, f: 'write', value: 4, time: 2 },
      { index: 3, type: 'invoke', process: 2, f: 'read', value: null, time: 3 },
      { index: 4, type: 'ok', process: 2, f: 'read', value: 4, time: 4 },
    ];
    expect(check(register, ops).valid).toBe(true);
    const seen3 = ops.map((o) => (o.index === 4 ? { ...o, value: 3 } : o));
    expect(check(register, seen3).valid).toBe(false);
  });

  it('reads a failed cas as a compare that missed', () => {
    const ops: Op[] = [
      { index: 0, type: 'invoke', process: 1, f: 'cas', value: [null, 1], time: 0 },
      { index: 1, type: 'fail', process: 1, f: 'cas', value: [null, 1], time: 1 },
    ];
    expect(check(register, ops).valid).toBe(false);
    const swapped = ops.map((o) => (o.index === 1 ? { ...o, type: 'ok' as const } : o));
    expect(check(register, swapped).valid).toBe(true);
  });

  it('is unknown, never valid, when the cache bound or the injected clock runs out', () => {
    // Many concurrent writes with unknown outcome: a large search space.
    const ops: Op[] = [];
    for (let p = 0; p < 14; p++)
      ops.push({
        index: ops.length,
        type: 'invoke',
        process: p,
        f: 'write',
        value: p,
        time: ops.length,
      });
    ops.push({
      index: ops.length,
      type: 'invoke',
      process: 99,
      f: 'read',
      value: null,
      time: ops.length,
    });
    ops.push({
      index: ops.length,
      type: 'ok',
      process: 99,
      f: 'read',
      value: 77,
      time: ops.length,
    });
    const small = linearizableChecker({ model: registerModel, maxCacheEntries: 10 });
    const r1 = check(small, ops);
    expect(r1.valid).toBe('unknown');
    expect(r1.error).toContain('cache-entries');
    let t = 0;
    const timed = linearizableChecker({ model: registerModel, timeoutMs: 5, now: () => (t += 1) });
    const r2 = check(timed, ops);
    expect(r2.valid).toBe('unknown');
    expect(r2.error).toContain('time');
  });
});

describe('linearizability: kv map', () => {
  it('checks keys separately and flags the key that breaks', () => {
    const h = new HistoryBuilder();
    h.w(1, 'x', 1);
    h.w(2, 'y', 1);
    h.r(3, { x: 1 });
    const bad = h.r(3, { y: null });
    const r = check(kv, h.ops);
    expect(r.valid).toBe(false);
    expect(r.stats).toMatchObject({ partitions: 2 });
    expect(r.anomalies[0]!.ops).toContain(bad);
  });

  it('splits a multi-key read into one sub-op per key', () => {
    const h = new HistoryBuilder();
    h.w(1, 'x', 1);
    h.r(3, { x: 1, y: null });
    h.w(2, 'y', 1);
    expect(check(kv, h.ops)).toMatchObject({ valid: true, stats: { partitions: 2 } });
    const bad = h.r(3, { x: null, y: 1 });
    const r = check(kv, h.ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies[0]!.ops).toContain(bad);
  });

  it('never flags a history from the linearizable model', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ slot: fc.nat(), choice: fc.nat() }), { maxLength: 60 }),
        (n, steps) => {
          expectNotRefuted(check(kv, linearizableHistory(n, steps)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('flags a final read that returns a value no one wrote', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ slot: fc.nat(), choice: fc.nat() }), { minLength: 10, maxLength: 60 }),
        (steps) => {
          const h = linearizableHistory(3, steps, 1);
          const last = h.at(-1)!;
          if (last.f !== 'final-read') return;
          const value = (last.value as unknown[][]).map((m, i) =>
            i === 0 ? [m[0], m[1], 999] : m,
          );
          const r = check(kv, [...h.slice(0, -1), { ...last, value }]);
          expect(r.valid).toBe(false);
          expect(r.anomalies[0]!.ops).toContain(last.index);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('linearizability on worker threads', () => {
  const ref = {
    module: new URL('./models.ts', import.meta.url).href,
    exportName: 'kvModel',
    args: [null],
  };
  const parallel = linearizableChecker({
    model: kvModel(),
    workers: 2,
    modelRef: ref,
    parallelMinOps: 0,
  });

  it('gives the verdicts of the in-thread search', () => {
    const steps = Array.from({ length: 400 }, (_, i) => ({ slot: (i * 7) % 5, choice: i * 13 }));
    const h = linearizableHistory(5, steps);
    const ok = check(parallel, h);
    expect(ok).toMatchObject({ valid: true, stats: { ...check(kv, h).stats, workerThreads: 2 } });
    const last = h.at(-1)!;
    const value = (last.value as unknown[][]).map((m, i) => (i === 0 ? [m[0], m[1], 999] : m));
    const bad = [...h.slice(0, -1), { ...last, value }];
    const r = check(parallel, bad);
    expect(r.valid).toBe(false);
    expect(r.anomalies[0]!.ops).toContain(last.index);
  });
});
