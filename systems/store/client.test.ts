import { describe, expect, it } from 'vitest';
import { NODES, fakeClock, lastRng } from './testing/policy-fakes.ts';
import type {
  SingleLeaderReadReply,
  SingleLeaderReadRequest,
  SingleLeaderWriteReply,
  StatusReply,
} from '../../store/replication/single-leader/protocol.ts';
import { storeClients } from './client.ts';
import { shardOf } from '../../store/replication/single-leader/protocol.ts';
import type { Sibling } from '../../store/protocol.ts';
import type { StoreApi } from './http.ts';

interface SentRead {
  readonly node: string;
  readonly req: SingleLeaderReadRequest;
}

/**
 * A store where n1 leads, every write lands in shard `shard` with the next
 * LSN, and every read answers with the per-shard LSNs the test sets.
 */
function fakeStore(
  opts: {
    shard?: number;
    readLsns?: Record<string, number>;
    /** Nodes that refuse a leader read as not-leader, naming this node instead. */
    deposed?: Record<string, string>;
    /** Nodes that answer a token read "behind", naming this node as the leader. */
    behind?: Record<string, string>;
    /** Per shard, its leader (status then lists shards); reads answer each key with the node's id. */
    shardLeaders?: readonly string[];
    /** Concurrent versions every read returns for these keys. */
    siblings?: Readonly<Record<string, readonly Sibling[]>>;
  } = {},
) {
  const reads: SentRead[] = [];
  let lsn = 0;
  const status = (id: string): StatusReply => ({
    id,
    mode: 'single-leader',
    role: id === 'n1' ? 'leader' : 'follower',
    leader: 'n1',
    term: 1,
    lsn,
    appliedLsn: lsn,
    clockMs: 0,
    clockOffsetMs: 0,
    followers: {},
    ...(opts.shardLeaders
      ? {
          shards: opts.shardLeaders.map((leader, shard) => ({
            shard,
            role: id === leader ? ('leader' as const) : ('follower' as const),
            leader,
            term: 1,
            lsn,
            appliedLsn: lsn,
            followers: {},
          })),
        }
      : {}),
  });
  const api: StoreApi = {
    write: async (node) => {
      lsn += 1;
      const shard = opts.shard ?? 0;
      const body: SingleLeaderWriteReply = {
        ok: true,
        node: node.id,
        version: lsn,
        lsn,
        term: 1,
        shard,
      };
      return { kind: 'reply', status: 200, body };
    },
    read: async (node, req) => {
      reads.push({ node: node.id, req });
      const lagging = req.minLsns ? opts.behind?.[node.id] : undefined;
      if (lagging !== undefined) {
        const body = { ok: false as const, node: node.id, error: 'behind', definite: true };
        return { kind: 'reply', status: 503, body: { ...body, redirect: lagging } };
      }
      const hint = opts.deposed?.[node.id];
      if (req.leader && hint !== undefined) {
        const body = { ok: false as const, node: node.id, error: 'not-leader', definite: true };
        return { kind: 'reply', status: 503, body: { ...body, redirect: hint } };
      }
      const body: SingleLeaderReadReply = {
        ok: true,
        node: node.id,
        lsn: Math.min(...Object.values(opts.readLsns ?? { '0': 0 })),
        values: opts.shardLeaders ? Object.fromEntries(req.keys.map((k) => [k, node.id])) : {},
        versions: {},
        ...(opts.readLsns ? { lsns: opts.readLsns } : {}),
        ...(opts.siblings ? { siblings: opts.siblings } : {}),
      };
      return { kind: 'reply', status: 200, body };
    },
    status: async (node) => status(node.id),
  };
  return { api, reads };
}

/** Session 1 of a client reading with this --read-from policy. */
const session = (api: StoreApi, readFrom: string) =>
  storeClients({ readFrom, rng: lastRng, api, clock: fakeClock() }).open(1, NODES);

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
    const s = await session(store.api, 'lsn-token');
    await s.invoke(write(1, 1), ctx);
    await s.invoke(read(1, ['a', 'b']), ctx);
    await s.invoke(read(1, ['c']), ctx);
    expect(store.reads[1]?.req.minLsns).toEqual({ '0': 4, '1': 1, '2': 9 });
  });

  it('lsn-token without sharding: writes and reads count as shard 0', async () => {
    const store = fakeStore();
    const s = await session(store.api, 'lsn-token');
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
      ['n1', { keys: ['k1'], leader: true, waitMs: 500 }],
      ['n3', { keys: ['k1'] }],
      ['n3', { keys: ['k1'] }],
    ]);
  });

  it('leader: a deposed leader refuses, the read follows its hint and the session remembers the new leader', async () => {
    const store = fakeStore({ deposed: { n1: 'n2' } });
    const s = await session(store.api, 'leader');
    await s.invoke(write(1, 1), ctx);
    const first = await s.invoke(read(1, ['k1']), ctx);
    await s.invoke(read(1, ['k1']), ctx);
    expect(first).toMatchObject({ type: 'ok', node: 'n2' });
    expect(store.reads.map((r) => [r.node, r.req.leader])).toEqual([
      ['n1', true],
      ['n2', true],
      ['n2', true],
    ]);
  });

  it('leader: a refusal without a hint fails the read with the error', async () => {
    const store = fakeStore({ deposed: { n1: '' } });
    const s = await session(store.api, 'leader');
    await s.invoke(write(1, 1), ctx);
    expect(await s.invoke(read(1, ['k1']), ctx)).toMatchObject({
      type: 'fail',
      error: 'not-leader',
    });
  });

  it("leader with shards: each shard's keys go to that shard's leader, one answer merges them", async () => {
    const store = fakeStore({ shardLeaders: ['n1', 'n3'] });
    const s = await session(store.api, 'leader');
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
    const in0 = keys.filter((k) => shardOf(k, 2) === 0);
    const in1 = keys.filter((k) => shardOf(k, 2) === 1);
    expect(in0.length && in1.length).toBeGreaterThan(0);
    const r = await s.invoke(read(1, keys), ctx);
    expect(new Map(store.reads.map((x) => [x.node, x.req.keys]))).toEqual(
      new Map([
        ['n1', in0],
        ['n3', in1],
      ]),
    );
    expect(store.reads).toHaveLength(2);
    expect(r).toMatchObject({
      type: 'ok',
      node: 'n1,n3',
      value: keys.map((k) => ['r', k, shardOf(k, 2) === 0 ? 'n1' : 'n3']),
    });
  });

  it('lsn-token: a replica still behind the token names the leader, and the read is served there with the same token', async () => {
    const store = fakeStore({ behind: { n3: 'n1' } });
    const s = await session(store.api, 'lsn-token');
    await s.invoke(write(1, 1), ctx);
    expect(await s.invoke(read(1, ['k1']), ctx)).toMatchObject({ type: 'ok', node: 'n1' });
    const token = { keys: ['k1'], minLsns: { '0': 1 }, waitMs: 500 };
    expect(store.reads.map((r) => [r.node, r.req])).toEqual([
      ['n3', token],
      ['n1', token],
    ]);
  });

  it('lsn-token: a redirect that is behind as well fails the read as behind', async () => {
    const store = fakeStore({ behind: { n3: 'n1', n1: 'n1' } });
    const s = await session(store.api, 'lsn-token');
    await s.invoke(write(1, 1), ctx);
    expect(await s.invoke(read(1, ['k1']), ctx)).toMatchObject({ type: 'fail', error: 'behind' });
    expect(store.reads.map((r) => r.node)).toEqual(['n3', 'n1']);
  });

  it('records a key with concurrent versions as {"siblings": [...]}, the others as values', async () => {
    const store = fakeStore({
      siblings: {
        k2: [
          { value: 3, version: { n1: 2 } },
          { value: 4, version: { n2: 1 } },
        ],
      },
    });
    const s = await session(store.api, 'any');
    expect(await s.invoke(read(1, ['k1', 'k2']), ctx)).toMatchObject({
      type: 'ok',
      value: [
        ['r', 'k1', null],
        ['r', 'k2', { siblings: [3, 4] }],
      ],
    });
  });
});
