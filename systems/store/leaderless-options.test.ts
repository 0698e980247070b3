import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../../harness/config.ts';
import { checkQuorums } from './leaderless-options.ts';
import { checkModeFlags, storeNodeFlags } from './options.ts';

describe('store node flags under --mode leaderless', () => {
  it("passes the leaderless flags and leaves single-leader's defaults out", () => {
    const c = resolveRunConfig(
      {
        mode: 'leaderless',
        quorumN: 3,
        quorumW: 1,
        quorumR: 1,
        sloppy: true,
        antiEntropyIntervalMs: 0,
      },
      1,
    );
    expect(storeNodeFlags(c.systemOptions)).toEqual([
      ...['--mode', 'leaderless', '--n', '3', '--w', '1', '--r', '1', '--sloppy'],
      ...['--anti-entropy-interval-ms', '0'],
    ]);
  });

  it("refuses another mode's flag given a value of its own, naming both modes", () => {
    expect(() => checkModeFlags({ mode: 'leaderless', replication: 'sync' })).toThrow(
      '--replication is a flag of --mode single-leader; --mode leaderless does not take it',
    );
    expect(() => checkModeFlags({ mode: 'single-leader', quorumW: 2 })).toThrow(
      '--w is a flag of --mode leaderless',
    );
    expect(() => checkModeFlags({ mode: 'leaderless', replication: 'async' })).not.toThrow();
  });
});

describe('leaderless quorum sizes', () => {
  it('refuses w or r above n, and n above the nodes, before any node starts', () => {
    expect(() => checkQuorums({ mode: 'leaderless', quorumW: 4 }, 3)).toThrow(
      '--w 4 is more than --n 3',
    );
    expect(() => checkQuorums({ mode: 'leaderless', quorumR: 3, quorumN: 2 }, 3)).toThrow('--r 3');
    expect(() => checkQuorums({ mode: 'leaderless', quorumN: 5 }, 3)).toThrow(
      '--n 5 is more than the 3 nodes',
    );
    expect(() => checkQuorums({ mode: 'leaderless', quorumN: 1 }, 1)).not.toThrow();
    expect(() => checkQuorums({ mode: 'leaderless' }, 1)).not.toThrow();
  });
});
