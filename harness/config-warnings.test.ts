// A run whose settings let the store break a promise says so: semi-sync with
// k + 1 below a majority, plus failover, can lose acknowledged writes.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.ts';
import { resolveRunConfig } from './config.ts';

const semiSync = (nodes: number, k: number, failover = true) =>
  resolveRunConfig(
    {
      nodes,
      replication: 'semi-sync',
      syncFollowers: k,
      ...(failover ? { failoverTimeoutMs: 1000 } : {}),
    },
    1,
  );

describe('run config warnings', () => {
  it('warns of semi-sync 1 of 4 followers with failover on 5 nodes', () => {
    const { warnings } = semiSync(5, 1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /--sync-followers 1 with failover on 5 nodes can lose acknowledged writes: .* 2 nodes hold it, fewer than a majority \(3\).*give --sync-followers 2 or more/,
    );
  });

  it.each([
    ['3 nodes, k=1 (leader and one follower are a majority)', 3, 1, true],
    ['5 nodes, k=2', 5, 2, true],
    ['5 nodes, k=1 without failover (the leader never changes)', 5, 1, false],
  ])('stays quiet for %s', (_what, nodes, k, failover) => {
    expect(semiSync(nodes, k, failover).warnings).toEqual([]);
  });

  it('stays quiet for the defaults and for sync', () => {
    expect(resolveRunConfig({}, 1).warnings).toEqual([]);
    const sync = { nodes: 5, replication: 'sync', failoverTimeoutMs: 1000 };
    expect(resolveRunConfig(sync, 1).warnings).toEqual([]);
  });

  it('refuses, before anything starts, flags every node would refuse', () => {
    const tooMany = { nodes: 3, replication: 'semi-sync', syncFollowers: 3 };
    expect(() => resolveRunConfig(tooMany, 1)).toThrow(UsageError);
    expect(() => resolveRunConfig(tooMany, 1)).toThrow(
      /the store refuses these options: --sync-followers 3 exceeds the 2 follower/,
    );
  });
});
