// Failover: heartbeat-timeout detection, election of the most up-to-date
// replica with a majority, fencing of a returning old leader, and the
// unsafe variant that allows split brain.
import { describe, expect, it } from 'vitest';
import { simCluster, type SimCluster } from './test-util.ts';
import type { NodeConfig } from './config.ts';
import type { ReadQuery, ReadResult } from './test-util.ts';

const IDS = ['n1', 'n2', 'n3'];
const FAILOVER: Partial<NodeConfig> = {
  failoverTimeoutMs: 500,
  heartbeatMs: 50,
  writeTimeoutMs: 1000,
};

describe('failover', () => {
  it('elects the most up-to-date follower after the leader dies; writes during the election fail fast', async () => {
    const c = simCluster(IDS, FAILOVER);
    await c.write('n1', 'k', 1);
    await c.run(20);
    c.world.cut(['n1'], ['n3']);
    await c.write('n1', 'k', 2);
    await c.run(20);
    c.crash('n1');
    await c.run(200);
    // No leader yet: refused at once and definitely, never left hanging.
    const during = c.startWrite('n2', 'k', 3);
    await c.settle();
    expect(during.result).toMatchObject({ ok: false, error: 'not-leader', definite: true });

    await c.until(() => c.leaderOf() !== undefined, 5000);
    expect(c.leaderOf()).toBe('n2');
    expect(c.node('n2').status()).toMatchObject({ role: 'leader', term: 2 });
    // lsn 3 is the new leader's no-op.
    expect(await c.write('n2', 'k', 4)).toMatchObject({ ok: true, lsn: 4, term: 2 });
    await c.until(() => c.node('n3').status().appliedLsn === 4);
    expect(c.node('n3').status()).toMatchObject({ leader: 'n2', term: 2 });
    expect(await c.write('n3', 'k', 5)).toMatchObject({ error: 'not-leader', redirect: 'n2' });
  });

  it('never elects in a minority; an isolated leader steps down and refuses writes', async () => {
    const c = simCluster(IDS, FAILOVER);
    await c.write('n1', 'k', 1);
    c.world.partition(['n1'], ['n2', 'n3']);
    await c.until(
      () => c.node('n2').status().role === 'leader' || c.node('n3').status().role === 'leader',
    );
    await c.run(1000);
    expect(c.node('n1').status()).toMatchObject({ role: 'follower', term: 1, leader: null });
    expect(await c.write('n1', 'k', 9)).toMatchObject({ error: 'not-leader', definite: true });
    await c.run(3000);
    // Still only one leader, and n1 could not run an election on its own.
    expect(c.leaderOf()).toMatch(/n2|n3/);
    expect(c.node('n1').status().term).toBe(1);
  });

  it('a lone follower cut off keeps following and does not disrupt the leader when it returns', async () => {
    const c = simCluster(IDS, FAILOVER);
    c.world.partition(['n1', 'n2'], ['n3']);
    await c.run(3000);
    expect(c.node('n3').status()).toMatchObject({ role: 'follower', term: 1 });
    c.world.heal();
    await c.run(1000);
    expect(c.leaderOf()).toBe('n1');
    expect(c.node('n1').status().term).toBe(1);
  });

  it('fences a returning old leader: it steps down and discards its unreplicated writes', async () => {
    const c = simCluster(IDS, FAILOVER);
    await c.write('n1', 'k', 1);
    await c.run(20);
    c.world.partition(['n1'], ['n2', 'n3']);
    // Async: acknowledged, but only n1 has it; it will be lost.
    expect(await c.write('n1', 'k', 'lost')).toMatchObject({ ok: true, lsn: 2, term: 1 });
    await c.until(() => c.leaderOf() !== undefined && c.leaderOf() !== 'n1');
    const leader = c.leaderOf()!;
    expect(await c.write(leader, 'k', 'new')).toMatchObject({ ok: true, lsn: 3, term: 2 });
    c.world.heal();
    await c.until(() => c.node('n1').status().term === 2 && c.node('n1').status().appliedLsn === 3);
    expect(c.node('n1').status()).toMatchObject({ role: 'follower', leader });
    expect(await c.node('n1').read({ keys: ['k'] })).toMatchObject({ values: { k: 'new' } });
    expect(c.records('n1').some((r) => r.t === 'truncate')).toBe(true);
  });

  it('sync: a write pending on a leader that loses its majority is never reported as failed', async () => {
    const c = simCluster(IDS, { ...FAILOVER, replication: 'sync', writeTimeoutMs: 5000 });
    await c.write('n1', 'k', 1);
    c.world.partition(['n1'], ['n2', 'n3']);
    const p = c.startWrite('n1', 'k', 2);
    await c.until(() => p.result !== undefined);
    expect(p.result).toMatchObject({ ok: false, error: 'leader-changed', definite: false });
  });

  it('sync: every acknowledged write survives the leader crash', async () => {
    const c = simCluster(IDS, { ...FAILOVER, replication: 'sync' });
    for (let i = 1; i <= 10; i++)
      expect(await c.write('n1', `k${i}`, i)).toMatchObject({ ok: true });
    c.crash('n1');
    await c.until(() => c.leaderOf() !== undefined);
    const keys = Array.from({ length: 10 }, (_, i) => `k${i + 1}`);
    const r = await c.node(c.leaderOf()!).read({ keys });
    expect(r).toMatchObject({ values: Object.fromEntries(keys.map((k, i) => [k, i + 1])) });
  });

  it('a crashed old leader restarts as a follower and drops what it alone had', async () => {
    const c = simCluster(IDS, FAILOVER);
    await c.write('n1', 'k', 1);
    await c.run(20);
    c.world.partition(['n1'], ['n2', 'n3']);
    await c.write('n1', 'k', 'lost');
    c.crash('n1');
    c.world.heal();
    await c.until(() => c.leaderOf() !== undefined);
    const leader = c.leaderOf()!;
    await c.write(leader, 'k', 'new');
    const n1 = c.restart('n1');
    expect(n1.status().role).toBe('follower');
    await c.until(() => n1.status().leader === leader && n1.status().appliedLsn === 3);
    expect(await n1.read({ keys: ['k'] })).toMatchObject({ values: { k: 'new' } });
  });
});

/** Reads on the simulated clock: runs the world until the answer arrives. */
async function readOn(c: SimCluster, id: string, q: ReadQuery): Promise<ReadResult> {
  let out: ReadResult | undefined;
  void c
    .node(id)
    .read(q)
    .then((r) => (out = r));
  await c.settle();
  await c.until(() => out !== undefined);
  return out!;
}

describe('leader reads across a failover', () => {
  const K = { keys: ['k'] };

  it('sync: neither the deposed leader nor the new one answers older data than a client saw', async () => {
    const c = simCluster(IDS, { ...FAILOVER, replication: 'sync' });
    await c.write('n1', 'k', 1);
    await c.run(100);
    c.startWrite('n1', 'k', 2);
    // Stop the moment n1 commits lsn 2: its followers hold it but have not heard it is committed.
    while (c.node('n1').status().appliedLsn < 2) {
      c.world.advance(1);
      await c.settle();
    }
    // A client reading n1 now sees 2.
    expect(await readOn(c, 'n1', K)).toMatchObject({ values: { k: 2 } });
    c.world.partition(['n1'], ['n2', 'n3']);

    expect(await readOn(c, 'n1', { ...K, leader: true, waitMs: 200 })).toMatchObject({
      error: 'unconfirmed',
      definite: true,
    });
    await c.until(() => ['n2', 'n3'].some((id) => c.node(id).status().role === 'leader'));
    const next = ['n2', 'n3'].find((id) => c.node(id).status().role === 'leader')!;
    // What the new leader shows locally is older than what the client saw…
    expect(await readOn(c, next, K)).toMatchObject({ values: { k: 1 } });
    // …so as leader it will not answer until its no-op commits, which sync cannot do without n1.
    expect(await readOn(c, next, { ...K, leader: true, waitMs: 300 })).toMatchObject({
      error: 'unconfirmed',
      message: expect.stringMatching(/not committed its term's first entry \(lsn 3\)/),
    });
    // The deposed leader names the new one.
    await c.until(() => c.node('n1').status().role === 'follower');
    c.world.heal();
    await c.until(() => c.node('n1').status().leader === next);
    expect(await readOn(c, 'n1', { ...K, leader: true })).toMatchObject({
      error: 'not-leader',
      redirect: next,
    });
    expect(await readOn(c, next, { ...K, leader: true })).toMatchObject({
      ok: true,
      node: next,
      values: { k: 2 },
    });
  });

  it('async: an isolated leader that has not yet stepped down cannot confirm it still leads', async () => {
    const c = simCluster(IDS, { ...FAILOVER, failoverTimeoutMs: 2000 });
    await c.write('n1', 'k', 1);
    await c.run(100);
    expect(await readOn(c, 'n1', { ...K, leader: true })).toMatchObject({ values: { k: 1 } });
    c.world.partition(['n1'], ['n2', 'n3']);
    // Still leader (the timeout is 2 s), but a majority no longer answers it.
    const r = await readOn(c, 'n1', { ...K, leader: true, waitMs: 300 });
    expect(c.node('n1').status().role).toBe('leader');
    expect(r).toMatchObject({ error: 'unconfirmed', kind: 'unavailable' });
  });

  it('without failover or with the unsafe variant, the leader answers on its own', async () => {
    for (const cfg of [{ failoverTimeoutMs: 0 }, { ...FAILOVER, unsafeFailover: true }]) {
      const c = simCluster(IDS, cfg);
      await c.write('n1', 'k', 1);
      c.world.partition(['n1'], ['n2', 'n3']);
      expect(await readOn(c, 'n1', { ...K, leader: true, waitMs: 100 })).toMatchObject({
        ok: true,
        values: { k: 1 },
      });
    }
  });

  it('a follower refuses a leader read and names its leader', async () => {
    const c = simCluster(IDS, FAILOVER);
    await c.write('n1', 'k', 1);
    await c.run(100);
    expect(await readOn(c, 'n2', { ...K, leader: true })).toMatchObject({
      error: 'not-leader',
      definite: true,
      redirect: 'n1',
    });
  });
});

describe('--unsafe-failover', () => {
  it('a lone follower elects itself: two leaders accept writes (split brain)', async () => {
    const c = simCluster(IDS, { ...FAILOVER, unsafeFailover: true });
    await c.write('n1', 'k', 1);
    await c.run(20);
    c.world.partition(['n1', 'n2'], ['n3']);
    await c.until(() => c.node('n3').status().role === 'leader');
    expect(c.node('n1').status().role).toBe('leader');
    expect(await c.write('n1', 'k', 'a')).toMatchObject({ ok: true, term: 1 });
    expect(await c.write('n3', 'k', 'b')).toMatchObject({ ok: true, term: 2 });
    c.world.heal();
    await c.run(2000);
    // No fencing: the old leader keeps its crown and its divergent write.
    expect(c.node('n1').status().role).toBe('leader');
    expect(await c.node('n1').read({ keys: ['k'] })).toMatchObject({ values: { k: 'a' } });
    expect(await c.node('n3').read({ keys: ['k'] })).toMatchObject({ values: { k: 'b' } });
  });

  it('after a leader crash, the most up-to-date reachable follower takes over', async () => {
    const c = simCluster(IDS, { ...FAILOVER, unsafeFailover: true });
    c.world.cut(['n1'], ['n2']);
    await c.write('n1', 'k', 1);
    await c.run(20);
    c.crash('n1');
    c.world.heal();
    await c.until(() => [...c.nodes.values()].some((n) => n.status().role === 'leader'));
    await c.run(500);
    expect(c.leaderOf()).toBe('n3');
    await c.until(() => c.node('n2').status().appliedLsn === 2);
  });
});
