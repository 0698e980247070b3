import { describe, expect, it } from 'vitest';
import { checkAll } from './checker.ts';
import { checkerIds, defaultCheckersFor, getChecker, listCheckers } from './registry.ts';
import { linearizableHistory } from './testing/sc-model.ts';

describe('registry', () => {
  it('finds every listed checker by id, each with a description', () => {
    for (const { id, description } of listCheckers()) {
      expect(getChecker(id).id).toBe(id);
      expect(description.length).toBeGreaterThan(10);
    }
    expect(checkerIds()).toEqual(
      expect.arrayContaining(['read-your-writes', 'linearizable-kv', 'staleness']),
    );
  });

  it('names the valid ids when an id is unknown', () => {
    expect(() => getChecker('read-my-writes')).toThrow(
      /unknown checker "read-my-writes" \(did you mean "read-your-writes"\?\); valid checkers are: read-your-writes, monotonic-reads, consistent-prefix/,
    );
  });

  it('gives the kv workload its session checkers, and says so for an unknown workload', () => {
    expect(defaultCheckersFor('kv')).toEqual([
      'read-your-writes',
      'monotonic-reads',
      'consistent-prefix',
    ]);
    expect(() => defaultCheckersFor('bank')).toThrow(/known workloads: kv, register/);
  });

  it('runs every kv checker in one pass over a valid history without complaint', () => {
    const h = linearizableHistory(
      4,
      Array.from({ length: 300 }, (_, i) => ({ slot: i % 7, choice: i * 31 })),
    );
    const notKv = [
      'linearizable-register',
      'linearizable-cas-register',
      'linearizable-mutex',
      'linearizable-string-kv',
      'set',
    ];
    const ids = checkerIds().filter((id) => !notKv.includes(id));
    const rs = checkAll(
      ids.map((id) => getChecker(id)),
      h,
    );
    for (const [id, r] of Object.entries(rs)) expect([id, r.valid]).toEqual([id, true]);
  });

  it('builds a linearizability checker with the caller’s budget', () => {
    let t = 0;
    const c = getChecker('linearizable-register', { timeoutMs: 5, now: () => (t += 10) });
    const ops = [];
    for (let p = 0; p < 16; p++)
      ops.push({
        index: ops.length,
        type: 'invoke' as const,
        process: p,
        f: 'write',
        value: p,
        time: ops.length,
      });
    ops.push({
      index: ops.length,
      type: 'invoke' as const,
      process: 99,
      f: 'read',
      value: null,
      time: ops.length,
    });
    ops.push({
      index: ops.length,
      type: 'ok' as const,
      process: 99,
      f: 'read',
      value: 77,
      time: ops.length,
    });
    const r = checkAll([c], ops)['linearizable-register']!;
    expect(r.valid).not.toBe(true);
  });
});
