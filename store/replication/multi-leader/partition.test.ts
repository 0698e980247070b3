// Each conflict policy under a partition with writes on both sides: the
// state every node converges to once it heals, forced (the partition holds
// while both sides write, then nothing is pending anywhere).
import { describe, expect, it } from 'vitest';
import { converged, MlCluster } from './test-util.ts';

/** n1 alone and n2+n3 each write k (and add to the set s) while cut off, then heal. */
async function splitWrites(c: MlCluster): Promise<void> {
  await c.put('n1', 'k', 'before');
  await c.settle();
  c.world.partition(['n1'], ['n2', 'n3']);
  await c.run(100);
  await c.put('n1', 'k', 'left');
  await c.run(50);
  await c.put('n3', 'k', 'right');
  await c.run(500);
  expect(c.pending('n1')).toEqual({ n2: 1, n3: 1 });
  c.world.heal();
  await c.settle();
}

describe('multi-leader conflicts under a partition, writes on both sides', () => {
  it('lww keeps the later timestamp and silently drops the other acknowledged write', async () => {
    const c = new MlCluster(['--conflicts', 'lww']);
    await splitWrites(c);
    expect(await converged(c, 'k')).toBe('right');
  });

  it('lww keeps the earlier write when the later one was taken on a clock behind', async () => {
    const c = new MlCluster(['--conflicts', 'lww']);
    c.node('n3').setClockOffset(-5000);
    await splitWrites(c);
    expect(await converged(c, 'k')).toBe('left');
  });

  it('replica-id keeps the highest node id whatever the clocks say', async () => {
    const c = new MlCluster(['--conflicts', 'replica-id']);
    c.node('n3').setClockOffset(-5000);
    await splitWrites(c);
    expect(await converged(c, 'k')).toBe('right');
    const d = new MlCluster(['--conflicts', 'replica-id']);
    await d.put('n1', 'k', 'before');
    await d.settle();
    d.world.partition(['n3'], ['n1', 'n2']);
    await d.put('n3', 'k', 'from-n3');
    await d.run(50);
    await d.put('n1', 'k', 'from-n1-later');
    d.world.heal();
    await d.settle();
    expect(await converged(d, 'k')).toBe('from-n3');
  });

  it('siblings keeps both concurrent writes, each with its version vector', async () => {
    const c = new MlCluster(['--conflicts', 'siblings']);
    await splitWrites(c);
    expect(await converged(c, 'k')).toEqual({ siblings: ['left', 'right'] });
    const r = await c.get('n2', 'k');
    expect(r.siblings?.k?.map((s) => s.version)).toEqual([
      { vv: { n1: 2 } },
      { vv: { n1: 1, n3: 1 } },
    ]);
    expect(r.versions.k).toEqual({ vv: { n1: 2, n3: 1 } });
  });

  it('merge unions concurrent adds and keeps what a remove did not observe', async () => {
    const c = new MlCluster(['--conflicts', 'merge']);
    await c.put('n1', 's', 'a', { op: 'add' });
    await c.put('n1', 's', 'b', { op: 'add' });
    await c.settle();
    c.world.partition(['n1'], ['n2', 'n3']);
    await c.put('n1', 's', 'x', { op: 'add' });
    await c.put('n1', 's', 'a', { op: 'remove' });
    await c.put('n3', 's', 'y', { op: 'add' });
    // n3 removes b, whose only tag it has seen: gone everywhere.
    await c.put('n3', 's', 'b', { op: 'remove' });
    await c.put('n2', 's', 'a', { op: 'add' });
    await c.run(500);
    c.world.heal();
    await c.settle();
    // a: removed on n1, but n2 re-added it under a tag n1 never saw: it stays (add wins).
    expect(await converged(c, 's')).toEqual(['a', 'x', 'y']);
  });
});
