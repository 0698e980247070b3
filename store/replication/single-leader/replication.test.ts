import { describe, expect, it } from 'vitest';
import { simCluster } from './test-util.ts';
import type { WriteResult } from './test-util.ts';

const IDS = ['n1', 'n2', 'n3'];

async function write(
  c: ReturnType<typeof simCluster>,
  id: string,
  key: string,
  value: number,
): Promise<WriteResult> {
  let out: WriteResult | undefined;
  void c
    .node(id)
    .write(key, value)
    .then((o) => (out = o));
  await c.settle();
  for (let i = 0; i < 1000 && !out; i++) {
    c.world.advance(5);
    await c.settle();
  }
  if (!out) throw new Error('write never completed');
  return out;
}

describe('single-leader async replication', () => {
  it('replicates writes in order to every follower', async () => {
    const c = simCluster(IDS);
    for (let i = 1; i <= 5; i++) {
      const r = await write(c, 'n1', `k${i % 2}`, i);
      expect(r).toMatchObject({ ok: true, lsn: i, term: 1 });
    }
    c.world.advance(50);
    for (const id of ['n2', 'n3']) {
      const s = c.node(id).status();
      expect(s).toMatchObject({ role: 'follower', leader: 'n1', lsn: 5, appliedLsn: 5, lagOps: 0 });
      const r = await c.node(id).read({ keys: ['k0', 'k1', 'zz'] });
      expect(r).toMatchObject({
        ok: true,
        lsn: 5,
        values: { k0: 4, k1: 5, zz: null },
        versions: { k0: 4, k1: 5, zz: 0 },
      });
    }
    expect(c.node('n1').status().followers).toEqual({
      n2: { appliedLsn: 5, lsn: 5, lagOps: 0, lagMs: 0 },
      n3: { appliedLsn: 5, lsn: 5, lagOps: 0, lagMs: 0 },
    });
  });

  it('followers refuse writes with the leader named, definitely', async () => {
    const c = simCluster(IDS);
    const r = await write(c, 'n2', 'k', 1);
    expect(r).toMatchObject({
      ok: false,
      error: 'not-leader',
      kind: 'redirect',
      definite: true,
      redirect: 'n1',
    });
  });

  it('repairs a gap after a cut link heals (follower asks from its own LSN)', async () => {
    const c = simCluster(IDS);
    await write(c, 'n1', 'a', 1);
    c.world.advance(10);
    c.world.cut(['n1'], ['n3']);
    for (let i = 2; i <= 10; i++) await write(c, 'n1', 'a', i);
    c.world.advance(50);
    expect(c.node('n3').status().lsn).toBe(1);
    expect(c.node('n1').status().followers.n3).toMatchObject({ appliedLsn: 1, lagOps: 9 });
    expect(c.node('n1').status().followers.n3!.lagMs).toBeGreaterThan(0);
    c.world.heal();
    c.world.advance(300);
    expect(c.node('n3').status()).toMatchObject({ lsn: 10, lagOps: 0 });
    expect(await c.node('n3').read({ keys: ['a'] })).toMatchObject({ values: { a: 10 } });
  });

  it('a follower that lost messages in the middle applies nothing out of order', async () => {
    const c = simCluster(IDS, {}, { seed: 7, dropRate: 0.3, minDelayMs: 1, maxDelayMs: 20 });
    for (let i = 1; i <= 30; i++) await write(c, 'n1', `k${i % 3}`, i);
    await c.world.until(() => ['n2', 'n3'].every((id) => c.node(id).status().lsn === 30));
    for (const id of IDS) {
      expect(await c.node(id).read({ keys: ['k0', 'k1', 'k2'] })).toMatchObject({
        values: { k0: 30, k1: 28, k2: 29 },
      });
    }
  });

  it('a restarted follower recovers from storage and catches up from its own LSN', async () => {
    const c = simCluster(IDS);
    for (let i = 1; i <= 3; i++) await write(c, 'n1', 'x', i);
    c.world.advance(20);
    c.crash('n2');
    for (let i = 4; i <= 6; i++) await write(c, 'n1', 'x', i);
    const n2 = c.restart('n2');
    expect(n2.status().lsn).toBe(3);
    expect(await n2.read({ keys: ['x'] })).toMatchObject({ values: { x: 3 }, versions: { x: 3 } });
    c.world.advance(300);
    expect(n2.status().lsn).toBe(6);
    expect(await n2.read({ keys: ['x'] })).toMatchObject({ values: { x: 6 } });
  });

  it('a restarted leader keeps its log and keeps leading (static leader)', async () => {
    const c = simCluster(IDS);
    for (let i = 1; i <= 3; i++) await write(c, 'n1', 'x', i);
    c.crash('n1');
    c.restart('n1');
    const r = await write(c, 'n1', 'x', 4);
    expect(r).toMatchObject({ ok: true, lsn: 4 });
    c.world.advance(300);
    expect(c.node('n3').status().lsn).toBe(4);
  });

  it('minLsn reads wait for the position or answer behind', async () => {
    const c = simCluster(IDS);
    c.world.cut(['n1'], ['n2']);
    await write(c, 'n1', 'k', 1);
    expect(await c.node('n2').read({ keys: ['k'], minLsn: 1 })).toMatchObject({
      ok: false,
      error: 'behind',
      definite: true,
    });
    let got: unknown;
    void c
      .node('n2')
      .read({ keys: ['k'], minLsn: 1, waitMs: 1000 })
      .then((r) => (got = r));
    c.world.advance(200);
    c.world.heal();
    c.world.advance(300);
    await c.settle();
    expect(got).toMatchObject({ ok: true, values: { k: 1 } });
  });
});
