// What version vectors and timestamps each make of causally ordered writes:
// lww throws away a write that had seen the one it replaces when its node's
// clock is behind; siblings hands concurrent versions to the reader, whose
// next write names the versions it supersedes; an offline node keeps taking
// writes and syncs when it returns.
import { describe, expect, it } from 'vitest';
import { converged, MlCluster } from './test-util.ts';

describe('multi-leader causality', () => {
  it('lww with n1 10 s behind discards its causally later write, everywhere', async () => {
    const c = new MlCluster(['--conflicts', 'lww']);
    c.node('n1').setClockOffset(-10_000);
    const first = await c.put('n2', 'k', 'first');
    await c.settle();
    expect((await c.get('n1', 'k')).values.k).toBe('first');
    // n1 has seen "first": its write supersedes it causally (its vector dominates)...
    const later = await c.put('n1', 'k', 'later');
    expect(later.ok && later.version).toMatchObject({ vv: { n1: 1, n2: 1 } });
    await c.settle();
    // ...but carries an older timestamp, so lww keeps "first" on every node, n1 included.
    expect(await converged(c, 'k')).toBe('first');
    const kept = (await c.get('n3', 'k')).versions.k as { ts: number };
    const lost = (later.ok ? later.version : null) as { ts: number };
    expect(kept.ts - lost.ts).toBeGreaterThan(9_000);
    expect(first.ok).toBe(true);
  });

  it('replica-id and siblings keep the causally later write despite the skew', async () => {
    for (const policy of ['replica-id', 'siblings']) {
      const c = new MlCluster(['--conflicts', policy]);
      c.node('n1').setClockOffset(-10_000);
      await c.put('n2', 'k', 'first');
      await c.settle();
      await c.put('n1', 'k', 'later');
      await c.settle();
      expect(await converged(c, 'k'), policy).toBe('later');
    }
  });

  it('siblings: a read returns both concurrent versions and the next write resolves them', async () => {
    const c = new MlCluster(['--conflicts', 'siblings']);
    c.world.partition(['n1'], ['n2', 'n3']);
    await c.put('n1', 'cart', ['milk']);
    await c.put('n2', 'cart', ['eggs']);
    c.world.heal();
    await c.settle();
    const r = await c.get('n3', 'cart');
    expect(r.values.cart).toBeNull();
    expect(r.siblings?.cart?.map((s) => s.value)).toEqual([['milk'], ['eggs']]);
    // The client merges what it read and names the read's version as what it supersedes.
    await c.put('n3', 'cart', ['eggs', 'milk'], { context: r.versions.cart! });
    await c.settle();
    expect(await converged(c, 'cart')).toEqual(['eggs', 'milk']);
  });

  it('siblings: a write naming one sibling supersedes that one only', async () => {
    const c = new MlCluster(['--conflicts', 'siblings']);
    c.world.partition(['n1'], ['n2', 'n3']);
    await c.put('n1', 'k', 'a');
    await c.put('n2', 'k', 'b');
    c.world.heal();
    await c.settle();
    const [a] = (await c.get('n3', 'k')).siblings!.k!;
    await c.put('n3', 'k', 'a2', { context: a!.version });
    await c.settle();
    expect(await converged(c, 'k')).toEqual({ siblings: ['b', 'a2'] });
  });

  it('an offline node keeps taking writes and syncs both ways when it reconnects', async () => {
    const c = new MlCluster(['--conflicts', 'merge']);
    c.world.partition(['n3'], ['n1', 'n2']);
    for (let i = 0; i < 50; i++) await c.put(i % 2 ? 'n3' : 'n1', 'calendar', i, { op: 'add' });
    await c.run(30_000);
    expect(c.pending('n3')).toEqual({ n1: 25, n2: 25 });
    expect(((await c.get('n3', 'calendar')).values.calendar as number[]).length).toBe(25);
    c.world.heal();
    await c.settle();
    const all = (await converged(c, 'calendar')) as number[];
    expect(all.length).toBe(50);
  });

  it('a restarted node resends what its peers may lack and applies nothing twice', async () => {
    const c = new MlCluster(['--conflicts', 'siblings']);
    c.world.partition(['n1'], ['n2', 'n3']);
    await c.put('n1', 'k', 'offline');
    c.crash('n1');
    c.world.heal();
    c.start('n1');
    await c.settle();
    expect(await converged(c, 'k')).toBe('offline');
    const n2 = c.emitted.records.filter((r) => r.node === 'n2');
    expect(n2.length).toBe(1);
  });
});
