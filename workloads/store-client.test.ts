import { describe, expect, it } from 'vitest';
import { NODES, fakeClock, lastRng } from './testing/policy-fakes.ts';
import type { ReadReply, ReadRequest, StatusReply } from '../store/protocol.ts';
import { storeClients } from './store-client.ts';
import type { StoreApi } from './store-http.ts';

interface SentRead {
  readonly node: string;
  readonly req: ReadRequest;
}

/**
 * A store where n1 leads, every write lands in shard `shard` with the next
 * LSN, and every read answers with the per-shard LSNs the test sets.
 */
function fakeStore(opts: { shard?: number; readLsns?: Record<string, number> } = {}) {
  const reads: SentRead[] = [];
  let lsn = 0;
  const status = (id: string): StatusReply => ({
    id,
    role: id === 'n1' ? 'leader' : 'follower',
    leader: 'n1',
    term: 1,
    lsn,
    appliedLsn: lsn,
    clockMs: 0,
    clockOffsetMs: 0,
    followers: {},
  });
  const api: StoreApi = {
    write: async (node) => {
      lsn += 1;
      const shard = opts.shard;
      return {
        kind: 'reply',
        status: 200,
        body: { ok: true, node: node.id, lsn, term: 1, ...(shard !== undefined ? { shard } : {}) },
      };
    },
    read: async (node, req) => {
      reads.push({ node: node.id, req });
      const body: ReadReply = {
        ok: true,
        node: node.id,
        lsn: Math.min(...Object.values(opts.readLsns ?? { '0': 0 })),
        values: {},
        versions: {},
        ...(opts.readLsns ? { lsns: opts.readLsns } : {}),
      };
      return { kind: 'reply', status: 200, body };
    },
    status: async (node) => status(node.id),
  };
  return { api, reads };
}

const ctx = { signal: new AbortController().signal, timeoutMs: 1000 };
const write = (process: number, v: number) => ({
  process,
  f: 'write',
  value: [['w', `k${process}`, v]],
});
const read = (process: number, keys: string[]) => ({
  process,
  f: 'read',
  value: keys.map((k) => ['r', k, null]),
});

describe('store client read policies', () => {
  it('lsn-token: each session has its own per-shard token; one session’s write is not another’s', async () => {
    const store = fakeStore({ shard: 2 });
    const factory = storeClients({
      readFrom: 'lsn-token',
      rng: lastRng,
      api: store.api,
      clock: fakeClock(),
    });
    const s1 = await factory.open(1, NODES);
    const s2 = await factory.open(2, NODES);
    expect(await s1.invoke(write(1, 1), ctx)).toMatchObject({ type: 'ok', version: 1 });
    await s1.invoke(read(1, ['k1']), ctx);
    await s2.invoke(read(2, ['k1']), ctx);
    expect(store.reads.map((r) => r.req)).toEqual([
      { keys: ['k1'], minLsns: { '2': 1 }, waitMs: 500 },
      { keys: ['k1'], minLsns: {}, waitMs: 500 },
    ]);
  });

  it('lsn-token: a sharded read reply raises the token of each shard it reports', async () => {
    const store = fakeStore({ shard: 1, readLsns: { '0': 4, '2': 9 } });
    const factory = storeClients({
      readFrom: 'lsn-token',
      rng: lastRng,
      api: store.api,
      clock: fakeClock(),
    });
    const s = await factory.open(1, NODES);
    await s.invoke(write(1, 1), ctx);
    await s.invoke(read(1, ['a', 'b']), ctx);
    await s.invoke(read(1, ['c']), ctx);
    expect(store.reads[1]?.req.minLsns).toEqual({ '0': 4, '1': 1, '2': 9 });
  });

  it('lsn-token without sharding: writes and reads count as shard 0', async () => {
    const store = fakeStore();
    const factory = storeClients({
      readFrom: 'lsn-token',
      rng: lastRng,
      api: store.api,
      clock: fakeClock(),
    });
    const s = await factory.open(1, NODES);
    await s.invoke(write(1, 1), ctx);
    await s.invoke(write(1, 2), ctx);
    await s.invoke(read(1, ['k1']), ctx);
    expect(store.reads[0]?.req.minLsns).toEqual({ '0': 2 });
  });

  it('leader-window: reads go to the leader inside the window, to any node after it, per session', async () => {
    const store = fakeStore();
    const clock = fakeClock();
    const factory = storeClients({
      readFrom: 'leader-window',
      rng: lastRng,
      api: store.api,
      clock,
      leaderWindowMs: 300,
    });
    const s1 = await factory.open(1, NODES);
    const s2 = await factory.open(2, NODES);
    await s1.invoke(write(1, 1), ctx);
    await s1.invoke(read(1, ['k1']), ctx);
    await s2.invoke(read(2, ['k1']), ctx);
    clock.advanceMs(300);
    await s1.invoke(read(1, ['k1']), ctx);
    expect(store.reads.map((r) => [r.node, r.req])).toEqual([
      ['n1', { keys: ['k1'] }],
      ['n3', { keys: ['k1'] }],
      ['n3', { keys: ['k1'] }],
    ]);
  });
});
