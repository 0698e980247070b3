// When the final reads may start against our store, and what lag it reports:
// every shard counts, not only shard 0 (whose fields the status repeats at
// the top level).
import { describe, expect, it } from 'vitest';
import type { ShardStatus, StatusReply } from '../../store/replication/single-leader/protocol.ts';
import { caughtUp, followerLag } from './quiesce.ts';

const shard = (
  n: number,
  leader: string,
  self: string,
  lsn: number,
  appliedLsn: number,
  followers: ShardStatus['followers'] = {},
): ShardStatus => ({
  shard: n,
  role: leader === self ? 'leader' : 'follower',
  leader,
  term: 1,
  lsn,
  appliedLsn,
  followers,
});

function status(id: string, shards: readonly ShardStatus[]): StatusReply {
  const first = shards[0]!;
  return { id, mode: 'single-leader', ...first, clockMs: 0, clockOffsetMs: 0, shards };
}

describe('kv quiesce over shards', () => {
  const lag = (lagOps: number, lagMs: number) => ({ appliedLsn: 0, lagOps, lagMs });

  it('waits while any node lags in any shard, even with shard 0 caught up', () => {
    const behind = [
      status('n1', [shard(0, 'n1', 'n1', 9, 9), shard(1, 'n2', 'n1', 7, 5)]),
      status('n2', [shard(0, 'n1', 'n2', 9, 9), shard(1, 'n2', 'n2', 7, 7)]),
    ];
    expect(caughtUp(behind)).toBe(false);
    const done = [
      status('n1', [shard(0, 'n1', 'n1', 9, 9), shard(1, 'n2', 'n1', 7, 7)]),
      status('n2', [shard(0, 'n1', 'n2', 9, 9), shard(1, 'n2', 'n2', 7, 7)]),
    ];
    expect(caughtUp(done)).toBe(true);
    expect(caughtUp([done[0]!, null])).toBe(false);
  });

  it('without a shard list, the top-level fields are shard 0', () => {
    const plain = (id: string, lsn: number, applied: number): StatusReply => {
      const { shards: _drop, ...rest } = status(id, [shard(0, 'n1', id, lsn, applied)]);
      return rest;
    };
    expect(caughtUp([plain('n1', 4, 4), plain('n2', 4, 3)])).toBe(false);
    expect(caughtUp([plain('n1', 4, 4), plain('n2', 4, 4)])).toBe(true);
  });

  it('reports each follower at its worst shard', () => {
    const statuses = [
      status('n1', [shard(0, 'n1', 'n1', 9, 9, { n2: lag(1, 10), n3: lag(0, 0) })]),
      status('n2', [
        shard(0, 'n1', 'n2', 9, 8),
        shard(1, 'n2', 'n2', 7, 7, { n1: lag(5, 300), n3: lag(2, 40) }),
      ]),
    ];
    expect(followerLag(statuses)).toEqual({
      n2: { lagOps: 1, lagMs: 10 },
      n3: { lagOps: 2, lagMs: 40 },
      n1: { lagOps: 5, lagMs: 300 },
    });
    expect(followerLag([null])).toBeNull();
  });
});

describe('kv quiesce for modes that report settled', () => {
  const node = (id: string, settled: boolean): StatusReply =>
    ({ id, mode: 'leaderless', clockMs: 0, clockOffsetMs: 0, settled }) as unknown as StatusReply;

  it('waits until every node says it is settled (no hints, replicas compared equal)', () => {
    expect(caughtUp([node('n1', true), node('n2', false)])).toBe(false);
    expect(caughtUp([node('n1', true), node('n2', true)])).toBe(true);
    expect(caughtUp([node('n1', true), null])).toBe(false);
  });
});
