import { describe, expect, it } from 'vitest';
import { repeatCommand, resolveRunConfig } from './config.ts';
import { UsageError } from '../core/errors.ts';
import { validateSystemChoices } from './systems.ts';
import { parseHook } from '../external/options.ts';

describe('target options', () => {
  it('leave a store run as it was', () => {
    const c = resolveRunConfig({}, 1);
    expect(c.system).toBeUndefined();
    expect(repeatCommand(c)).not.toContain('--system');
  });

  it('round-trip through the repeat command', () => {
    const c = resolveRunConfig(
      { system: 'postgres', pgSyncCommit: 'remote_apply', pgApplyDelayMs: 200 },
      1,
    );
    expect(c.test).toBe('postgres-kv-any');
    expect(c.target).toEqual({ pgSyncCommit: 'remote_apply', pgApplyDelayMs: 200 });
    expect(repeatCommand(c)).toContain(
      '--system postgres --pg-sync-commit remote_apply --pg-apply-delay-ms 200',
    );
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
    expect(() => resolveRunConfig({ pgSyncCommit: 'sometimes' }, 1)).toThrow(
      '--pg-sync-commit must be one of',
    );
    expect(() => resolveRunConfig({ nodes: 'a:1,b' }, 1)).toThrow('is not host:port');
    expect(() => parseHook('kill', '["ssh", 3]')).toThrow('JSON array of strings');
    expect(() => resolveRunConfig({ system: 'redis', pgSyncCommit: 'on' }, 1)).toThrow(
      '--pg-sync-commit is an option of PostgreSQL and needs --system postgres, got --system redis',
    );
  });

  it('parse hooks as JSON arrays or plain words', () => {
    expect(parseHook('kill', '["ssh","{host}","pkill -9 redis"]')).toEqual([
      'ssh',
      '{host}',
      'pkill -9 redis',
    ]);
    expect(parseHook('kill', 'docker kill {node}')).toEqual(['docker', 'kill', '{node}']);
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
    expect(check({ system: 'redis', applyDelayMs: '500' })).toThrow(
      "--apply-delay-ms is an option of splitbrain's own store, not of --system redis",
    );
    expect(check({ system: 'postgres', replication: 'sync', shards: 2 })).toThrow(
      '--replication, --shards are options',
    );
    expect(validateSystemChoices(resolveRunConfig({}, 1)).name).toBe('store');
  });

  it('turn --redis-sentinel into a sentinel count that the repeat command gives back', () => {
    const on = resolveRunConfig({ system: 'redis', redisSentinel: true }, 1);
    expect(on.target).toEqual({ redisSentinels: 3 });
    expect(repeatCommand(on)).toContain('--system redis --redis-sentinels 3');
    const five = resolveRunConfig({ system: 'redis', redisSentinels: 5 }, 1);
    expect(five.target).toEqual({ redisSentinels: 5 });
    expect(resolveRunConfig({ system: 'redis', redisSentinels: 0 }, 1).target).toEqual({});
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
