import { describe, expect, it } from 'vitest';
import { simCluster } from './test-util.ts';
import { shardOf } from './protocol.ts';

const IDS = ['n1', 'n2', 'n3'];

/** A key that hashes to the given shard. */
function keyIn(shard: number, shards: number, tag = ''): string {
  for (let i = 0; ; i++) if (shardOf(`${tag}k${i}`, shards) === shard) return `${tag}k${i}`;
}

describe('sharding', () => {
  it('deals shard leadership round robin and redirects writes to the shard leader', async () => {
    const c = simCluster(IDS, { shards: 3 });
    expect([0, 1, 2].map((s) => c.leaderOf(s))).toEqual(['n1', 'n2', 'n3']);
    const k1 = keyIn(1, 3);
    expect(await c.write('n1', k1, 1)).toMatchObject({
      ok: false,
      error: 'not-leader',
      definite: true,
      redirect: 'n2',
    });
    expect(await c.write('n2', k1, 1)).toMatchObject({ ok: true, shard: 1, lsn: 1 });
  });

  it('serves a multi-shard read from the receiving node, shard by shard, with per-shard LSNs', async () => {
    const c = simCluster(IDS, { shards: 3 });
    const [a, b] = [keyIn(0, 3), keyIn(2, 3)];
    await c.write('n1', a, 'x');
    await c.write('n1', keyIn(0, 3, 'o'), 'y');
    await c.write('n3', b, 'z');
    await c.run(20);
    const r = await c.node('n2').read({ keys: [a, b] });
    expect(r).toMatchObject({
      ok: true,
      node: 'n2',
      values: { [a]: 'x', [b]: 'z' },
      versions: { [a]: 1, [b]: 1 },
      lsns: { '0': 2, '2': 1 },
      lsn: 1,
    });
    const s = c.node('n2').status();
    expect(s.shards?.map((x) => [x.shard, x.role, x.leader, x.lsn])).toEqual([
      [0, 'follower', 'n1', 2],
      [1, 'leader', 'n2', 0],
      [2, 'follower', 'n3', 1],
    ]);
  });

  it('per-shard read-your-writes tokens wait only on the shard they name', async () => {
    const c = simCluster(IDS, { shards: 2 });
    const [a, b] = [keyIn(0, 2), keyIn(1, 2)];
    c.world.cut(['n1'], ['n2']);
    await c.write('n1', a, 1);
    expect(await c.node('n2').read({ keys: [b], minLsns: { '0': 1 } })).toMatchObject({ ok: true });
    expect(await c.node('n2').read({ keys: [a], minLsns: { '0': 1 } })).toMatchObject({
      ok: false,
      error: 'behind',
    });
  });

  it('elects per shard: losing a node moves only the shards it led', async () => {
    const c = simCluster(IDS, { shards: 3, failoverTimeoutMs: 500, heartbeatMs: 50 });
    c.crash('n2');
    await c.until(() => c.leaderOf(1) !== undefined);
    expect(c.leaderOf(0)).toBe('n1');
    expect(c.leaderOf(2)).toBe('n3');
    expect(c.node('n1').status().shards?.[0]?.term).toBe(1);
  });
});
