// Per-shard read tokens over HTTP: POST /read takes minLsns (shard -> LSN)
// and waits only on the shards its keys belong to; a sharded read reports the
// applied LSN of each shard it touched, which is what a client's token keeps.
import { afterEach, describe, expect, it } from 'vitest';
import { oneNodeStore, type OneNode } from './testing/one-node.ts';
import { shardOf } from './replication/single-leader/protocol.ts';

let node: OneNode | null = null;
afterEach(async () => {
  await node?.close();
  node = null;
});

/** A key that hashes to the given shard. */
function keyIn(shard: number, shards: number): string {
  for (let i = 0; ; i++) if (shardOf(`k${i}`, shards) === shard) return `k${i}`;
}

describe('HTTP reads with per-shard tokens (one node leading 2 shards)', () => {
  it('waits only on the shards a read touches, reports per-shard LSNs, rejects bad tokens', async () => {
    node = await oneNodeStore(['--shards', '2']);
    const port = node.port;
    const call = async (p: string, body: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}${p}`, {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const [a, b] = [keyIn(0, 2), keyIn(1, 2)];
    await call('/write', { key: a, value: 1 });
    await call('/write', { key: a, value: 2 });
    expect(await call('/write', { key: b, value: 3 })).toMatchObject({
      status: 200,
      body: { shard: 1, lsn: 1 },
    });
    expect(await call('/read', { keys: [a, b] })).toMatchObject({
      status: 200,
      body: { lsns: { '0': 2, '1': 1 }, lsn: 1 },
    });
    // Shard 1 has only LSN 1: a token of 2 there blocks reads of b, not of a.
    expect(await call('/read', { keys: [a], minLsns: { '0': 2, '1': 2 } })).toMatchObject({
      status: 200,
    });
    expect(await call('/read', { keys: [b], minLsns: { '0': 2, '1': 2 } })).toMatchObject({
      status: 503,
      body: { error: 'behind', definite: true },
    });
    const bad = await call('/read', { keys: [a], minLsns: { '0': -1 } });
    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toContain(
      '"minLsns" must be an object of shard -> non-negative integer LSN',
    );
  });
});
