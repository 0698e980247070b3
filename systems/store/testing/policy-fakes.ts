// Stand-ins for read-policy and store-client tests: three nodes, a clock the
// test moves by hand, and "random" picks that always take the last node, so
// "any node" is visibly not the leader.
import type { Clock } from '../../../core/clock.ts';
import type { NodeInfo } from '../../../core/cluster.ts';
import type { Rng } from '../../../core/rng.ts';

export const NODES: readonly NodeInfo[] = ['n1', 'n2', 'n3'].map((id, i) => ({
  id,
  host: '127.0.0.1',
  port: 7001 + i,
}));

export function fakeClock(): Clock & { advanceMs(ms: number): void } {
  let nowNs = 0;
  return {
    nowNs: () => nowNs,
    sleepMs: async () => {},
    afterMs: () => () => {},
    advanceMs: (ms) => {
      nowNs += ms * 1e6;
    },
  };
}

export const lastRng: Rng = {
  next: () => 0.999,
  int: (n) => n - 1,
  pick: (xs) => xs[xs.length - 1]!,
  fork: () => lastRng,
};
