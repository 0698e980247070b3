import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../../harness/config.ts';
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
