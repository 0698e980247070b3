import { describe, expect, it } from 'vitest';
import { repeatCommand, resolveRunConfig } from './config.ts';
import { storeNodeFlags } from '../systems/store/options.ts';
import { UsageError } from '../core/errors.ts';

describe('run config', () => {
  it('fills every default and keeps the seed it was given', () => {
    const c = resolveRunConfig({}, 42);
    expect(c).toMatchObject({
      seed: 42,
      nodes: 3,
      concurrency: 5,
      timeLimitS: 30,
      readFrom: 'any',
      nemesis: ['partition'],
      test: 'kv-any',
      system: 'store',
      systemOptions: { replication: 'async', leaderWindowMs: 1000 },
    });
  });

  it.each([
    [{ nodes: 0 }, '--nodes must be a whole number from 1 to 15, got 0'],
    [{ concurrency: 2.5 }, '--concurrency must be a whole number'],
    [{ rate: -1 }, '--rate must be a number greater than 0, got -1'],
    [{ timeLimit: 'soon' }, '--time-limit must be a number greater than 0, got "soon"'],
    [{ replication: 'eventual' }, '--replication must be one of async, sync, semi-sync'],
    [{ seed: -3 }, '--seed must be a whole number from 0 to 4294967295'],
    [{ test: '../etc' }, '--test must be 1-80 letters'],
    [{ backend: 'k8s' }, '--backend must be one of local'],
    [{ clockVia: 'ntp' }, '--clock-via must be one of auto, faketime, store, got "ntp"'],
    [{ partitionKinds: 'halves,moon' }, '--partition-kinds: unknown shape "moon"'],
    [{ 'kill-restart-after-ms': -5 }, '--kill-restart-after-ms must be a number >= 0'],
    [{ clockMinSkewMs: 900, clockMaxSkewMs: 100 }, '--clock-min-skew-ms 900 is above'],
    [{ linkFaults: 'teleport' }, '--link-faults: unknown preset "teleport"'],
    [{ killTargets: 5 }, '--kill-targets must be a string, got 5'],
    [{ applyDelayMs: 'n2=soon' }, '--apply-delay-ms: the delay of n2 must be a whole number'],
    [{ applyDelayMs: 'n4=800' }, '--apply-delay-ms names n4, not a node of this 3-node cluster'],
    // Settings under which a requested fault could never take effect.
    [{ nemesis: 'kill', killTargets: 'n9' }, '--kill-targets names n9, not a node of this 3-node'],
    [
      {
        nodes: '127.0.0.1:1,127.0.0.1:2',
        backend: 'external',
        nemesis: 'pause',
        pauseTargets: 'n3',
      },
      '--pause-targets names n3, not a node of this 2-node cluster',
    ],
    [{ killTargets: 'leader' }, '--kill-targets narrows kill faults, but --nemesis is partition'],
    [{ timeLimit: 5 }, '--time-limit 5 with --nemesis-interval 5 injects no fault'],
    [{ nemesis: 'partition,kill,pause,clock' }, 'leaves room for 3'],
    [{ nodes: 1 }, '--nemesis partition needs at least 2 nodes'],
    [{ nemesis: 'flood' }, '--nemesis: unknown nemesis fault kind "flood"'],
    [{ nemesis: 'kill', nemesisSchedule: 'f.json' }, 'both choose the faults'],
    [
      { backend: 'sim', clockVia: 'faketime' },
      '--clock-via faketime chooses how clock faults reach',
    ],
  ])('rejects %j with a message naming the option', (raw, message) => {
    expect(() => resolveRunConfig(raw, 1)).toThrow(UsageError);
    expect(() => resolveRunConfig(raw, 1)).toThrow(message);
  });

  it('"none" turns the nemesis off', () => {
    expect(resolveRunConfig({ nemesis: 'none' }, 1).nemesis).toEqual([]);
  });

  it('a schedule file chooses the faults: no --nemesis default beside it', () => {
    const c = resolveRunConfig({ nemesisSchedule: 'f.json' }, 1);
    expect(c.nemesis).toEqual([]);
    expect(resolveRunConfig({ nemesisSchedule: 'f.json', nemesis: 'none' }, 1).nemesis).toEqual([]);
  });

  it('store options become node flags and appear in the repeat command', () => {
    const c = resolveRunConfig(
      {
        replication: 'semi-sync',
        syncFollowers: 1,
        failoverTimeoutMs: 1000,
        unsafeFailover: true,
        fsync: 'never',
      },
      9,
    );
    expect(storeNodeFlags(c.systemOptions)).toEqual([
      '--mode',
      'single-leader',
      '--replication',
      'semi-sync',
      '--sync-followers',
      '1',
      '--failover-timeout-ms',
      '1000',
      '--unsafe-failover',
      '--fsync',
      'never',
    ]);
    expect(repeatCommand(c)).toContain('--seed 9');
    expect(repeatCommand(c)).toContain(
      '--replication semi-sync --sync-followers 1 --failover-timeout-ms 1000 --unsafe-failover --fsync never',
    );
  });

  it('non-default op and quiesce timeouts are in the repeat command, defaults are not', () => {
    const c = resolveRunConfig({ opTimeoutMs: 500, quiesceTimeoutMs: 30_000 }, 1);
    expect(repeatCommand(c)).toContain('--op-timeout-ms 500 --quiesce-timeout-ms 30000');
    expect(repeatCommand(resolveRunConfig({}, 1))).not.toMatch(/op-timeout|quiesce/);
  });

  it('--apply-delay-ms reaches every node as given (each node picks its own delay)', () => {
    const c = resolveRunConfig({ applyDelayMs: 'n2=200,n3=800', nodes: 3 }, 1);
    expect(storeNodeFlags(c.systemOptions)).toEqual([
      '--mode',
      'single-leader',
      '--replication',
      'async',
      '--apply-delay-ms',
      'n2=200,n3=800',
    ]);
    expect(repeatCommand(c)).toContain('--apply-delay-ms n2=200,n3=800');
  });

  it('per-fault flags reach the config and the repeat command, quoted for a shell', () => {
    const c = resolveRunConfig(
      {
        nemesis: 'kill,link',
        killTargets: 'leader',
        'kill-restart-after-ms': 500,
        linkFaults: '{"latencyMs":200}',
        clockVia: 'store',
      },
      3,
    );
    expect(c.nemesisOptions).toEqual({
      'kill-targets': 'leader',
      'kill-restart-after-ms': 500,
      'link-faults': '{"latencyMs":200}',
    });
    expect(c.clockVia).toBe('store');
    const cmd = repeatCommand(c);
    expect(cmd).toContain('--kill-targets leader --kill-restart-after-ms 500');
    expect(cmd).toContain(`--link-faults '{"latencyMs":200}'`);
    expect(cmd).toContain('--clock-via store');
  });
});
