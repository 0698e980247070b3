import { describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { Rng } from '../../core/rng.ts';
import type { Value } from '../../store/protocol.ts';
import type {
  SingleLeaderReadReply,
  SingleLeaderWriteReply,
  StatusReply,
} from '../../store/replication/single-leader/protocol.ts';
import { evaluate } from '../../store/values.ts';
import { storeClients } from './client.ts';
import type { StoreApi } from './http.ts';
import { statementApi, statementValue, versionIn } from './statement-values.ts';

const NODES: readonly NodeInfo[] = ['n1', 'n2'].map((id, i) => ({
  id,
  host: '127.0.0.1',
  port: 7001 + i,
}));

const rng: Rng = { next: () => 0, int: () => 0, pick: (xs) => xs[0]!, fork: () => rng };
const clock: Clock = { nowNs: () => 0, sleepMs: async () => {}, afterMs: () => () => {} };

/**
 * Two nodes, n1 leading, that each evaluate a written statement themselves
 * with their own clock and random number (node i: now = 1000 + i, rand = i),
 * the way a statement-based log applies it; `sent` keeps each write's value.
 */
function statementStore() {
  const sent: Value[] = [];
  const data = new Map<string, Map<string, Value>>(NODES.map((n) => [n.id, new Map()]));
  const status = (id: string): StatusReply => ({
    id,
    mode: 'single-leader',
    role: id === 'n1' ? 'leader' : 'follower',
    leader: 'n1',
    term: 1,
    lsn: sent.length,
    appliedLsn: sent.length,
    clockMs: 0,
    clockOffsetMs: 0,
    followers: {},
  });
  const api: StoreApi = {
    write: async (node, req) => {
      sent.push(req.value);
      NODES.forEach((n, i) => {
        const ctx = { nowMs: () => 1000 + i, random: () => i / 10 };
        data.get(n.id)!.set(req.key, evaluate(req.value, ctx));
      });
      const lsn = sent.length;
      const body: SingleLeaderWriteReply = {
        ok: true,
        node: node.id,
        version: lsn,
        lsn,
        term: 1,
        shard: 0,
      };
      return { kind: 'reply', status: 200, body };
    },
    read: async (node, req) => {
      const values: Record<string, Value> = {};
      for (const k of req.keys) values[k] = data.get(node.id)!.get(k) ?? null;
      const body: SingleLeaderReadReply = {
        ok: true,
        node: node.id,
        lsn: sent.length,
        values,
        versions: {},
      };
      return { kind: 'reply', status: 200, body };
    },
    status: async (node) => status(node.id),
  };
  return { api, sent };
}

const signal = new AbortController().signal;
const ctx = { signal, timeoutMs: 1000 };

describe('statement values', () => {
  it('reads the version inside each concurrent version too', async () => {
    const { api } = statementStore();
    const siblings = [
      { value: { v: 4, at: 1, r: 1 }, version: 'a' },
      { value: { v: 5, at: 2, r: 2 }, version: 'b' },
    ];
    const withSiblings: typeof api = {
      ...api,
      read: async (node) => {
        const body: SingleLeaderReadReply = {
          ...{ ok: true, node: node.id, lsn: 1, values: { k: null }, versions: { k: 'ab' } },
          siblings: { k: siblings },
        };
        return { kind: 'reply', status: 200, body };
      },
    };
    const out = await statementApi(withSiblings).read(NODES[0]!, { keys: ['k'] }, signal);
    expect(out).toMatchObject({
      body: {
        siblings: {
          k: [
            { value: 4, version: 'a' },
            { value: 5, version: 'b' },
          ],
        },
      },
    });
  });

  it('carries the version beside a now() and a rand() call', () => {
    expect(statementValue(7)).toEqual({ v: 7, at: { fn: 'now' }, r: { fn: 'rand' } });
    expect(versionIn({ v: 7, at: 1, r: 2 })).toBe(7);
    // Anything that is not a statement value is left for the checkers to reject.
    expect(versionIn('x')).toBe('x');
    expect(versionIn({ v: 1.5 })).toEqual({ v: 1.5 });
  });

  it('writes statements, reads back integer versions, and keeps stored values on final reads only', async () => {
    const store = statementStore();
    const client = await storeClients({
      readFrom: 'leader',
      rng,
      api: statementApi(store.api),
      clock,
    }).open(1, NODES);
    const w = await client.invoke({ process: 1, f: 'write', value: [['w', 'k1', 3]] }, ctx);
    expect(w).toMatchObject({ type: 'ok', value: [['w', 'k1', 3]] });
    expect(store.sent).toEqual([{ v: 3, at: { fn: 'now' }, r: { fn: 'rand' } }]);

    const r = await client.invoke({ process: 1, f: 'read', value: [['r', 'k1', null]] }, ctx);
    expect(r).toMatchObject({ type: 'ok', value: [['r', 'k1', 3]], node: 'n1' });
    expect(r.stored).toBeUndefined();

    const finals = await Promise.all(
      NODES.map((n) =>
        client.invoke(
          {
            process: 1,
            f: 'final-read',
            value: [
              ['r', 'k1', null],
              ['r', 'k9', null],
            ],
            node: n.id,
          },
          ctx,
        ),
      ),
    );
    expect(finals.map((f) => [f.node, f.value, f.stored])).toEqual([
      [
        'n1',
        [
          ['r', 'k1', 3],
          ['r', 'k9', null],
        ],
        { k1: { v: 3, at: 1000, r: 0 }, k9: null },
      ],
      [
        'n2',
        [
          ['r', 'k1', 3],
          ['r', 'k9', null],
        ],
        { k1: { v: 3, at: 1001, r: 100_000_000 }, k9: null },
      ],
    ]);
  });

  it('passes non-integer writes through unchanged', async () => {
    const store = statementStore();
    await statementApi(store.api).write(NODES[0]!, { key: 'k1', value: 'raw' }, signal);
    expect(store.sent).toEqual(['raw']);
  });
});
