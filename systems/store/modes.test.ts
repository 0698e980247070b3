import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.ts';
import { checkReadPolicy, checkWorkload, modeTraits } from './modes.ts';
import { checkHub, checkModeFlags, storeNodeFlags } from './options.ts';
import { repeatCommand, resolveRunConfig } from '../../harness/config.ts';

describe('store flags per replication mode', () => {
  it('sends a multi-leader node its own flags, not single-leader defaults', () => {
    const flags = storeNodeFlags({
      mode: 'multi-leader',
      replication: 'async',
      topology: 'star',
      hub: 'n2',
      conflicts: 'merge',
    });
    expect(flags).toEqual([
      ...['--mode', 'multi-leader', '--topology', 'star', '--hub', 'n2'],
      ...['--conflicts', 'merge'],
    ]);
    expect(storeNodeFlags({ mode: 'single-leader', replication: 'sync' })).toEqual([
      ...['--mode', 'single-leader', '--replication', 'sync'],
    ]);
  });

  it("keeps another mode's defaults out of config.json and the repeat command", () => {
    const leaderless = resolveRunConfig({ mode: 'leaderless', backend: 'sim' }, 1);
    expect(leaderless.systemOptions).not.toHaveProperty('replication');
    expect(repeatCommand(leaderless)).not.toContain('--replication');
    expect(repeatCommand(leaderless)).toContain('--mode leaderless');
    expect(repeatCommand(resolveRunConfig({ backend: 'sim' }, 1))).toContain('--replication async');
  });

  it('refuses a flag the chosen mode does not take, naming it and the mode (exit 3)', () => {
    expect(() => checkModeFlags({ mode: 'multi-leader', replication: 'sync' })).toThrow(UsageError);
    expect(() => checkModeFlags({ mode: 'multi-leader', replication: 'sync' })).toThrow(
      /--replication is a flag of --mode single-leader; --mode multi-leader does not take it/,
    );
    expect(() => checkModeFlags({ mode: 'single-leader', conflicts: 'merge' })).toThrow(
      /--conflicts is a flag of --mode multi-leader or leaderless; --mode single-leader does not take it/,
    );
    expect(() => checkModeFlags({ mode: 'multi-leader', replication: 'async' })).not.toThrow();
    expect(() => checkHub('n4', 3)).toThrow(/--hub n4 is not a node of this 3-node cluster/);
  });

  it('says which read policies and workloads a mode serves, and where writes go', () => {
    expect(() => checkReadPolicy('multi-leader', 'leader')).toThrow(
      /--read-from leader has no meaning with --mode multi-leader; give one of: any, sticky/,
    );
    expect(() => checkReadPolicy('single-leader', 'leader')).not.toThrow();
    expect(() => checkWorkload('single-leader', 'set')).toThrow(/add --mode multi-leader/);
    expect(modeTraits('multi-leader').writesTo).toBe('home');
    expect(modeTraits('single-leader').writesTo).toBe('leader');
  });
});
