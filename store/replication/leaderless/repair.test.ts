// How leaderless replicas come back together, each forced on the simulated
// world: anti-entropy (Merkle trees) converges a key nobody reads, read
// repair fixes the replicas a read saw behind, a tombstone keeps a deleted
// key deleted when a stale replica rejoins, and concurrent writes come back
// as siblings (or, under lww, as one survivor: the other write is lost).
import { describe, expect, it } from 'vitest';
import { leaderlessCluster, seen, writeOk } from './test-util.ts';

const AE_OFF = ['--anti-entropy-interval-ms', '0'];

describe('leaderless repair', () => {
  it('anti-entropy converges a key nobody reads; without it the replica stays behind', async () => {
    for (const interval of ['200', '0']) {
      const c = leaderlessCluster(3, [
        '--w',
        '1',
        '--r',
        '1',
        '--anti-entropy-interval-ms',
        interval,
      ]);
      c.world.cut(['n3'], ['n1', 'n2']);
      await writeOk(c, 'n1', 'quiet', 'v');
      c.world.heal();
      await c.run(3000);
      const expected = interval === '0' ? null : 'v';
      expect(await seen(c, 'n3', 'quiet', { local: true }), `interval ${interval}`).toBe(expected);
      if (interval !== '0') {
        const s = c.node('n3').status() as { antiEntropy: { keysRepaired: number } };
        expect(s.antiEntropy.keysRepaired).toBeGreaterThan(0);
        expect(c.ids.every((id) => c.node(id).status().settled)).toBe(true);
      }
    }
  });

  it('read repair writes the newest version back to a replica that answered stale', async () => {
    const c = leaderlessCluster(3, ['--w', '2', '--r', '3', ...AE_OFF]);
    c.world.cut(['n3'], ['n1', 'n2']);
    await writeOk(c, 'n1', 'k', 'new', { context: {} });
    c.world.heal();
    expect(await seen(c, 'n3', 'k', { local: true })).toBeNull();
    expect(await seen(c, 'n1', 'k')).toBe('new');
    await c.run(100);
    expect(await seen(c, 'n3', 'k', { local: true })).toBe('new');
    expect(c.node('n1').status().readRepairs).toBe(1);
  });

  it('a deleted key stays deleted after a stale replica rejoins', async () => {
    const c = leaderlessCluster(3, ['--w', '2', '--r', '2', '--anti-entropy-interval-ms', '200']);
    await writeOk(c, 'n1', 'k', 'alive');
    await c.run(500);
    c.world.cut(['n3'], ['n1', 'n2']);
    await writeOk(c, 'n1', 'k', null);
    expect(await seen(c, 'n3', 'k', { local: true }), 'n3 is stale').toBe('alive');
    c.world.heal();
    for (const id of c.ids) expect(await seen(c, id, 'k'), id).toBeNull();
    await c.run(3000);
    for (const id of c.ids) expect(await seen(c, id, 'k', { local: true }), id).toBeNull();
  });

  it('concurrent writes come back as siblings; a write naming both resolves them', async () => {
    const c = leaderlessCluster(3, ['--w', '2', '--r', '2']);
    c.world.cut(['n1'], ['n2']);
    await Promise.all([
      writeOk(c, 'n1', 'k', 'a', { context: {} }),
      writeOk(c, 'n2', 'k', 'b', { context: {} }),
    ]);
    c.world.heal();
    await c.run(500);
    const got = await seen(c, 'n3', 'k');
    expect(got).toEqual({ siblings: expect.arrayContaining(['a', 'b']) as unknown });
    const r = await c.read('n3', ['k']);
    const context = r.ok ? r.versions.k : null;
    await writeOk(c, 'n3', 'k', 'ab', { context });
    for (const id of c.ids) expect(await seen(c, id, 'k'), id).toBe('ab');
  });

  it('--conflicts lww keeps one of two concurrent writes and silently drops the other', async () => {
    const c = leaderlessCluster(3, ['--w', '2', '--r', '2', '--conflicts', 'lww']);
    c.world.cut(['n1'], ['n2']);
    await writeOk(c, 'n1', 'k', 'a', { context: {} });
    await c.run(10);
    await writeOk(c, 'n2', 'k', 'b', { context: {} });
    c.world.heal();
    await c.run(500);
    for (const id of c.ids) expect(await seen(c, id, 'k'), id).toBe('b');
  });
});
