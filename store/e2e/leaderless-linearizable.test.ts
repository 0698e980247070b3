// DDIA 5.4, "Limitations of Quorum Consistency": w + r > n does not make a
// leaderless store linearizable. A crafted schedule on the simulated world
// (n=3, w=2, r=2): a write reaches only its coordinator n1 (its puts are
// cut), a read through n1 sees it, the read repair to n2 is cut too, and a
// later read through n2 answers from n2 and n3, which never got the write.
// The history of those real store calls goes to the linearizability checker,
// which must say not linearizable with the two reads as its witness.
import { describe, expect, it } from 'vitest';
import type { Op } from '../../core/history.ts';
import { check } from '../../checkers/checker.ts';
import { getChecker } from '../../checkers/registry.ts';
import type { ReadOutcome, WriteOutcome } from '../outcomes.ts';
import { leaderlessCluster } from '../replication/leaderless/test-util.ts';

describe('leaderless quorums are not linearizable (w+r>n)', () => {
  it('a read after a read that saw a write returns the older value; the checker names both', async () => {
    const c = leaderlessCluster(3, ['--w', '2', '--r', '2', '--anti-entropy-interval-ms', '0']);
    const ops: Op[] = [];
    const at = () => c.world.nowMs * 1e6;
    const log = (o: Omit<Op, 'index' | 'time'>) =>
      ops.push({ ...o, index: ops.length, time: at() });

    c.world.cut(['n1'], ['n2', 'n3'], true);
    log({ type: 'invoke', process: 0, f: 'write', value: [['w', 'k', 1]] });
    let write: WriteOutcome | undefined;
    void c
      .node('n1')
      .write('k', 1, { context: {} })
      .then((w) => (write = w));
    await c.run(10);
    c.world.heal();
    // n2 and n3 answer n1 slowly, so the read repairs n1 sends after their answers can be cut.
    c.world.shapeLink('n2', 'n1', { latencyMs: 50 });
    c.world.shapeLink('n3', 'n1', { latencyMs: 50 });
    log({ type: 'invoke', process: 1, f: 'read', value: [['r', 'k', null]] });
    let first: ReadOutcome | undefined;
    void c
      .node('n1')
      .read(['k'])
      .then((r) => (first = r));
    await c.run(20);
    c.world.cut(['n1'], ['n2', 'n3'], true);
    while (first === undefined) await c.run(5);
    expect(first).toMatchObject({ ok: true, values: { k: 1 } });
    log({ type: 'ok', process: 1, f: 'read', value: [['r', 'k', 1]] });

    log({ type: 'invoke', process: 2, f: 'read', value: [['r', 'k', null]] });
    const second = await c.read('n2', ['k']);
    expect(second, 'n2 and n3 never got the write').toMatchObject({
      ok: true,
      values: { k: null },
    });
    log({ type: 'ok', process: 2, f: 'read', value: [['r', 'k', null]] });
    expect(write, 'the write is still waiting for its second acknowledgement').toBeUndefined();
    log({ type: 'info', process: 0, f: 'write', value: [['w', 'k', 1]] });

    const r = check(getChecker('linearizable-kv'), ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies[0]).toMatchObject({ kind: 'not-linearizable' });
    expect(r.anomalies[0]!.ops).toEqual(expect.arrayContaining([2, 4]));
  });
});
