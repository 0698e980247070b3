import { describe, expect, it } from 'vitest';
import { cacheEntriesFor, CACHE_ENTRY_BYTES } from './budget.ts';
import { checkAll, type Checker } from './checker.ts';
import type { Op } from '../core/history.ts';
import { getChecker } from './registry.ts';
import { hardRegisterHistory } from './testing/hard-register.ts';

/** A clock that moves `stepMs` every time it is read: the timeout is certain, not a race. */
const ticking = (stepMs: number) => {
  let t = 0;
  return () => (t += stepMs);
};

/** A kv history of `n` ops: each process writes its own key, then reads it back. */
function sessionHistory(n: number): Op[] {
  const ops: Op[] = [];
  for (let i = 1; ops.length < n; i++) {
    const p = i % 4;
    const add = (type: Op['type'], f: string, value: unknown) =>
      ops.push({ index: ops.length, type, process: p, f, value, time: ops.length * 1e6 });
    add('invoke', 'write', [['w', `k${p}`, i]]);
    add('ok', 'write', [['w', `k${p}`, i]]);
    add('invoke', 'read', [['r', `k${p}`, null]]);
    add('ok', 'read', [['r', `k${p}`, i]]);
  }
  return ops;
}

const lin = () => getChecker('linearizable-register');

describe('checkAll with a budget', () => {
  it('gives the true verdict when the budget is ample', () => {
    const rs = checkAll([lin()], hardRegisterHistory(12), {
      timeoutMs: 60_000,
      nowMs: ticking(0),
    });
    expect(rs['linearizable-register']!.valid).toBe(false);
  });

  it('stops the search at its deadline: unknown with what it explored, never valid', () => {
    // 1 ms per clock read: the 100 ms budget is gone after a hundred polls (of ~270) whatever the machine.
    const rs = checkAll([lin()], hardRegisterHistory(14), {
      timeoutMs: 100,
      nowMs: ticking(1),
    });
    const r = rs['linearizable-register']!;
    expect(r.valid).toBe('unknown');
    expect(r.stats.budget).toBe('time');
    expect(r.stats.steps).toBeGreaterThan(0);
    expect(r.stats.cacheEntries).toBeGreaterThan(0);
    expect(r.stats.partitionsChecked).toBe(0);
    expect(r.error).toMatch(
      /^budget exhausted \(time: past 100 ms \(--check-timeout-ms\)\) in a partition of 15 ops after \d+ steps/,
    );
  });

  it('stops every streaming checker at the deadline, saying how many ops each consumed', () => {
    const ids = ['read-your-writes', 'monotonic-reads'];
    const rs = checkAll(
      ids.map((id) => getChecker(id)),
      sessionHistory(10_000),
      { timeoutMs: 2, nowMs: ticking(1) },
    );
    for (const id of ids) {
      // The clock reads 1 at the start, then 2, 3, 4 at the polls every 1,024 ops: past 2 ms at the third.
      expect(rs[id]).toMatchObject({
        valid: 'unknown',
        anomalies: [],
        stats: { opsConsumed: 3072, budget: 'time' },
        error:
          'budget exhausted (time: past 2 ms (--check-timeout-ms)) after 3072 ops of the history',
      });
    }
  });

  it('turns a memory budget into the memo bound, and says which budget ran out', () => {
    expect(cacheEntriesFor(1)).toBe(Math.floor((1024 * 1024) / CACHE_ENTRY_BYTES));
    const c = getChecker('linearizable-register', { memoryMb: 1 });
    const r = checkAll([c], hardRegisterHistory(14), { memoryMb: 1 })['linearizable-register']!;
    expect(r.valid).toBe('unknown');
    expect(r.stats).toMatchObject({ budget: 'memory', maxCacheEntries: cacheEntriesFor(1) });
    expect(r.stats.cacheEntries).toBeGreaterThan(cacheEntriesFor(1));
    expect(r.error).toMatch(/^budget exhausted \(memory: past 1 MiB \(--check-memory-mb\)\)/);
  });

  it('stops checkers when the heap guard trips, even while streaming', () => {
    let heap = 0;
    // The heap grows 1 MiB per reading: past the guard (1 MiB × 2 checkers) at the third poll.
    const heapBytes = () => (heap += 1024 * 1024);
    const ids = ['read-your-writes', 'monotonic-reads'];
    const rs = checkAll(
      ids.map((id) => getChecker(id)),
      sessionHistory(10_000),
      { memoryMb: 1, heapBytes },
    );
    for (const id of ids)
      expect(rs[id]).toMatchObject({
        valid: 'unknown',
        stats: { budget: 'memory', opsConsumed: 3072 },
        error:
          'budget exhausted (memory: past 1 MiB (--check-memory-mb)) after 3072 ops of the history',
      });
  });

  it('does not count garbage: a reading over the guard is confirmed after collection', () => {
    let collections = 0;
    let readings = 0;
    const rs = checkAll([getChecker('read-your-writes')], sessionHistory(10_000), {
      memoryMb: 1,
      // Every reading after the first is 5 MiB up; once collected, only half a MiB is live.
      heapBytes: () => (readings++ === 0 ? 0 : 5 * 1024 * 1024),
      liveHeapBytes: () => (++collections, 512 * 1024),
    });
    expect(rs['read-your-writes']!.valid).toBe(true);
    // One confirmation per poll: 10,000 ops, a poll every 1,024.
    expect(collections).toBe(9);
  });

  it('makes a checker that throws unknown with its error, and the others still report', () => {
    const broken: Checker = {
      id: 'broken',
      description: 'throws on its 3rd op',
      start: () => {
        let n = 0;
        return {
          step: () => {
            if (++n === 3) throw new RangeError('op 2 is out of range');
          },
          finish: () => ({ valid: true, anomalies: [], stats: {} }),
        };
      },
    };
    const rs = checkAll([broken, getChecker('read-your-writes')], sessionHistory(40), {
      timeoutMs: 60_000,
      nowMs: ticking(0),
    });
    expect(rs.broken).toEqual({
      valid: 'unknown',
      anomalies: [],
      stats: {},
      error: 'checker crashed: RangeError: op 2 is out of range',
    });
    expect(rs['read-your-writes']!.valid).toBe(true);
  });
});
