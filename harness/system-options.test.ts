import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { repeatArgv, repeatCommand, resolveRunConfig, type RawRunOptions } from './config.ts';
import { runOptions } from './commands/run.ts';
import { UsageError } from '../core/errors.ts';
import { validateSystemChoices } from './systems.ts';
import { parseHook } from '../external/options.ts';

/** The flags a repeat command gives, parsed as the CLI parses them. */
const parsed = (argv: readonly string[]) =>
  runOptions(yargs([...argv]).strict()).parseSync() as RawRunOptions;

describe('system options', () => {
  it('leave a store run without --system', () => {
    const c = resolveRunConfig({}, 1);
    expect(c.system).toBe('store');
    expect(repeatCommand(c)).not.toContain('--system');
  });

  it('hold the chosen system’s options, defaults filled in, and repeat the ones that differ', () => {
    const c = resolveRunConfig(
      { system: 'postgres', pgSyncCommit: 'remote_apply', pgApplyDelayMs: 200 },
      1,
    );
    expect(c.test).toBe('postgres-kv-any');
    expect(c.systemOptions).toEqual({ pgSyncCommit: 'remote_apply', pgApplyDelayMs: 200 });
    expect(repeatCommand(c)).toContain('--system postgres');
    expect(repeatCommand(c)).toContain('--pg-sync-commit remote_apply --pg-apply-delay-ms 200');
    expect(resolveRunConfig({ system: 'redis' }, 1).systemOptions).toEqual({
      redisWait: 0,
      redisWaitTimeoutMs: 100,
    });
  });

  it.each([
    [{}],
    [{ system: 'postgres', pgSyncCommit: 'remote_apply', pgSyncStandbys: 1, readFrom: 'replicas' }],
    [{ system: 'redis', redisSentinel: true, nemesis: 'kill', killTargets: 'leader' }],
    [{ system: 'etcd', workload: 'register', etcdRead: 'serializable', nemesis: 'none' }],
    [
      {
        replication: 'semi-sync',
        syncFollowers: 1,
        shards: 2,
        unsafeFailover: true,
        failoverTimeoutMs: 1000,
        fsync: 'never',
        rate: 50,
      },
    ],
    [
      {
        logFormat: 'statement',
        kvValues: 'plain',
        applyDelayMs: 'n3=800',
        checkers: 'convergence',
      },
    ],
    [
      {
        backend: 'external',
        system: 'redis',
        nodes: 'a:1,b:2',
        hookKill: '["ssh","{host}","x y"]',
      },
    ],
    [
      {
        checkTimeoutMs: 5000,
        opTimeoutMs: 500,
        clockVia: 'store',
        nemesis: 'link',
        linkFaults: '{"latencyMs":9}',
      },
    ],
  ])('round-trip through the repeat command: %j', (raw) => {
    const c = resolveRunConfig(raw, 7);
    expect(resolveRunConfig(parsed(repeatArgv(c)), 99)).toEqual(c);
  });

  it('take --nodes as a count or as addresses', () => {
    expect(resolveRunConfig({ nodes: '5' }, 1).nodes).toBe(5);
    const ext = resolveRunConfig({ backend: 'external', nodes: 'a:1,b:2,c:3' }, 1);
    expect(ext.nodes).toBe(3);
    expect(ext.externalNodes).toEqual(['a:1', 'b:2', 'c:3']);
    expect(repeatCommand(ext)).toContain('--nodes a:1,b:2,c:3');
  });

  it('name the bad option', () => {
    expect(() => resolveRunConfig({ system: 'mysql' }, 1)).toThrow(UsageError);
    expect(() => resolveRunConfig({ system: 'postgres', pgSyncCommit: 'sometimes' }, 1)).toThrow(
      '--pg-sync-commit must be one of',
    );
    expect(() => resolveRunConfig({ nodes: 'a:1,b' }, 1)).toThrow('is not host:port');
    expect(() => parseHook('kill', '["ssh", 3]')).toThrow('JSON array of strings');
  });

  it("refuse another system's option, naming whose it is", () => {
    expect(() => resolveRunConfig({ pgSyncCommit: 'on' }, 1)).toThrow(
      '--pg-sync-commit is an option of PostgreSQL and needs --system postgres, got --system store',
    );
    expect(() => resolveRunConfig({ system: 'redis', applyDelayMs: '500' }, 1)).toThrow(
      "--apply-delay-ms is an option of splitbrain's own store and needs --system store, got --system redis",
    );
    expect(() => resolveRunConfig({ system: 'postgres', replication: 'sync' }, 1)).toThrow(
      '--replication is an option of',
    );
  });

  it('are checked against the system before anything starts', () => {
    const check = (raw: Record<string, unknown>) => () =>
      validateSystemChoices(resolveRunConfig(raw, 1));
    expect(check({ system: 'redis', workload: 'register' })).toThrow(
      '--workload register needs --system etcd',
    );
    expect(check({ system: 'redis', readFrom: 'lsn-token' })).toThrow('not offered for redis');
    expect(check({ system: 'etcd', readFrom: 'replicas' })).toThrow('not offered for etcd');
    expect(check({ system: 'postgres', backend: 'docker' })).toThrow('--backend local or external');
    expect(validateSystemChoices(resolveRunConfig({}, 1)).name).toBe('store');
  });

  it('turn --redis-sentinel into a sentinel count that the repeat command gives back', () => {
    const on = resolveRunConfig({ system: 'redis', redisSentinel: true }, 1);
    expect(on.systemOptions.redisSentinels).toBe(3);
    expect(repeatCommand(on)).toContain('--redis-sentinels 3');
    expect(repeatCommand(on)).not.toContain('--redis-sentinel ');
    const five = resolveRunConfig({ system: 'redis', redisSentinels: 5 }, 1);
    expect(five.systemOptions.redisSentinels).toBe(5);
    const none = resolveRunConfig({ system: 'redis', redisSentinels: 0 }, 1);
    expect(none.systemOptions.redisSentinels).toBeUndefined();
  });

  it('refuse sentinels that cannot run, naming the fix', () => {
    expect(() => resolveRunConfig({ system: 'redis', redisSentinels: 10 }, 1)).toThrow(
      '--redis-sentinels must be a whole number from 0 to 9, got 10',
    );
    expect(() => resolveRunConfig({ system: 'postgres', redisSentinel: true }, 1)).toThrow(
      '--redis-sentinel is an option of Redis and needs --system redis, got --system postgres',
    );
    expect(() =>
      resolveRunConfig(
        { system: 'redis', backend: 'external', nodes: 'a:1', redisSentinel: true },
        1,
      ),
    ).toThrow('with --backend external drop it');
    expect(() =>
      resolveRunConfig({ system: 'redis', redisSentinel: true, redisSentinels: 0 }, 1),
    ).toThrow('--redis-sentinels is 0');
    expect(() => resolveRunConfig({ system: 'redis', redisSentinel: 'yes' }, 1)).toThrow(
      '--redis-sentinel takes no value',
    );
  });
});
