// Topologies (DDIA figure 5-8): every change reaches every node exactly once
// and never goes back to a node it passed through; circular and star stop
// delivering between the others when one node is down, all-to-all does not.
import { describe, expect, it } from 'vitest';
import { changeId, isMessage, type Change } from './messages.ts';
import { converged, MlCluster } from './test-util.ts';

const FIVE = ['n1', 'n2', 'n3', 'n4', 'n5'];

const TOPOLOGIES = [['all-to-all'], ['circular'], ['star', '--hub', 'n3']] as const;

/** Every change a node sent, with sender and receiver. */
function sentChanges(c: MlCluster): { from: string; to: string; change: Change }[] {
  return c.emitted.messages.flatMap(({ from, to, msg }) =>
    isMessage(msg) && msg.type === 'changes'
      ? msg.changes.map((change) => ({ from, to, change }))
      : [],
  );
}

describe('multi-leader topologies', () => {
  for (const [topology, ...rest] of TOPOLOGIES) {
    it(`${topology}: each change is applied once per node and never sent back where it has been`, async () => {
      const c = new MlCluster(['--topology', topology, ...rest], FIVE);
      for (let i = 0; i < 10; i++) await c.put(FIVE[i % 5]!, `k${i % 3}`, i);
      await c.settle();
      // Applied once: every node's log holds each of the 10 changes exactly once.
      for (const id of FIVE) {
        const ids = c.emitted.records
          .filter((r) => r.node === id)
          .map((r) => changeId((r.record as { change: Change }).change));
        expect(new Set(ids).size, id).toBe(ids.length);
        expect(ids.length, id).toBe(10);
      }
      for (const { from, to, change } of sentChanges(c)) {
        expect(change.via, `${changeId(change)} ${from}->${to}`).not.toContain(to);
        expect(change.via.at(-1)).toBe(from);
      }
      for (const k of ['k0', 'k1', 'k2']) await converged(c, k);
    });
  }

  it('circular: a change travels the ring and stops before its origin', async () => {
    const c = new MlCluster(['--topology', 'circular'], FIVE);
    await c.put('n2', 'k', 1);
    await c.settle();
    const hops = sentChanges(c).map(({ from, to }) => `${from}>${to}`);
    expect([...new Set(hops)]).toEqual(['n2>n3', 'n3>n4', 'n4>n5', 'n5>n1']);
  });

  it('star: leaves send to the hub only, which forwards to the other leaves', async () => {
    const c = new MlCluster(['--topology', 'star', '--hub', 'n1'], FIVE);
    await c.put('n4', 'k', 1);
    await c.settle();
    const hops = new Set(sentChanges(c).map(({ from, to }) => `${from}>${to}`));
    expect([...hops].sort()).toEqual(['n1>n2', 'n1>n3', 'n1>n5', 'n4>n1']);
  });

  it('circular stops delivering past a crashed node until it returns; all-to-all routes around it', async () => {
    for (const [topology, stalls] of [
      ['circular', true],
      ['all-to-all', false],
    ] as const) {
      const c = new MlCluster(['--topology', topology]);
      c.crash('n2');
      await c.put('n1', 'k', 'while-n2-down');
      await c.run(2000);
      const n3 = await c.get('n3', 'k');
      expect(n3.values.k, topology).toBe(stalls ? null : 'while-n2-down');
      expect(c.pending('n1').n2, topology).toBe(1);
      c.start('n2');
      await c.settle();
      expect(await converged(c, 'k')).toBe('while-n2-down');
    }
  });

  it('star stops delivering between leaves while the hub is down', async () => {
    const c = new MlCluster(['--topology', 'star', '--hub', 'n2']);
    c.crash('n2');
    await c.put('n1', 'k', 'leaf');
    await c.run(2000);
    expect((await c.get('n3', 'k')).values.k).toBeNull();
    expect(c.pending('n1')).toEqual({ n2: 1 });
    c.start('n2');
    await c.settle();
    expect(await converged(c, 'k')).toBe('leaf');
  });
});
