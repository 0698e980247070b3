// --system: which backend and workload a run uses for a real target (Redis,
// PostgreSQL, etcd) or for any system on an external cluster. Our own store
// on a local, Docker or simulated backend stays with execute.ts.
import type { FindLeader } from '../nemesis/targets.ts';
import { gateway } from '../systems/etcd/client.ts';
import {
  ETCD_READ_POLICIES,
  etcdKvWorkload,
  etcdRegisterWorkload,
} from '../systems/etcd/workload.ts';
import { KV_CHECKERS, kvWorkload } from '../workloads/kv.ts';
import { POSTGRES_READ_POLICIES, postgresWorkload } from '../systems/postgres/workload.ts';
import { READ_POLICIES } from '../systems/store/read-policy.ts';
import { REDIS_READ_POLICIES, redisLeader, redisWorkload } from '../systems/redis/workload.ts';
import { SentinelDirectory } from '../systems/redis/sentinel-directory.ts';
import { checkReadPolicy } from '../systems/target-reads.ts';
import type { Workload } from '../workloads/workload.ts';
import { realClock, wallClockIso } from '../core/clock.ts';
import type { Backend } from '../core/cluster.ts';
import { type RunConfig } from './config.ts';
import { UsageError } from '../core/errors.ts';
import type { ExecuteOptions } from './execute.ts';
import { kebabCase } from './flag-case.ts';
import { nemesisPlanFor } from './nemesis-plan.ts';
import { externalBackend } from '../external/index.ts';
import type { Rng } from '../core/rng.ts';
import { run, type RunOutcome } from './run.ts';
import { etcdBackend } from '../systems/etcd/launcher.ts';
import { installed, type TargetSystemName } from '../systems/installed.ts';
import { postgresBackend, type SyncCommit } from '../systems/postgres/launcher.ts';
import { redisBackend } from '../systems/redis/launcher.ts';
import { redisSentinelBackend } from '../systems/redis/sentinel-launcher.ts';
import { VERSION } from './version.ts';
import { galeraBackend } from '../systems/galera/launcher.ts';
import { galeraWorkload } from '../systems/galera/workload.ts';
import { mariadbBackend } from '../systems/mariadb/launcher.ts';
import {
  MULTI_PRIMARY_READS,
  mariadbOptions,
  sqlClientOptions,
} from '../systems/mariadb/options.ts';
import { MULTI_PRIMARY_CHECKERS, mariadbWorkload } from '../systems/mariadb/workload.ts';

const READS: Readonly<Record<string, readonly string[]>> = {
  store: READ_POLICIES,
  redis: REDIS_READ_POLICIES,
  postgres: POSTGRES_READ_POLICIES,
  etcd: ETCD_READ_POLICIES,
  mariadb: MULTI_PRIMARY_READS,
  galera: MULTI_PRIMARY_READS,
};

const systemOf = (c: RunConfig) => c.system ?? 'store';

/** A run this file wires: a real target system, or any system on an external cluster. */
export function usesTargets(c: RunConfig): boolean {
  return systemOf(c) !== 'store' || c.backend === 'external';
}

/** Checks --read-from, --workload and --backend against the system; false when the store's own checks apply. */
export function validateSystemChoices(c: RunConfig): boolean {
  const system = systemOf(c);
  if (c.workload === 'register' && system !== 'etcd')
    throw new UsageError(`--workload register needs --system etcd, got --system ${system}`);
  if (!usesTargets(c)) return false;
  // Our store's flags mean nothing to another system: refuse them rather than ignore them.
  const storeOnly = Object.keys(c.store).filter(
    (k) => k !== 'replication' || c.store.replication !== 'async',
  );
  if (storeOnly.length > 0)
    throw new UsageError(
      `${storeOnly.map((k) => `--${kebabCase(k)}`).join(', ')} ${storeOnly.length === 1 ? 'is an option' : 'are options'} of splitbrain's own store, not of --system ${system}; use the system's own options instead (splitbrain run --help lists --redis-*, --pg-*, --etcd-*)`,
    );
  if (c.backend !== 'local' && c.backend !== 'external')
    throw new UsageError(
      `--system ${system} runs on --backend local or external, got ${c.backend}`,
    );
  try {
    checkReadPolicy(system, c.readFrom, READS[system]!);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (c.backend === 'local') {
    const have = installed(system as TargetSystemName);
    if (!have.installed) throw new UsageError(`--system ${system}: the server is ${have.detail}`);
  }
  return true;
}

/** Sentinels the run starts (--redis-sentinels); 0 without Sentinel. */
export function sentinelCount(c: RunConfig): number {
  return systemOf(c) === 'redis' && c.backend !== 'external'
    ? Number(c.target?.redisSentinels ?? 0)
    : 0;
}

/** The directory a Sentinel run's backend fills and its clients and nemesis read; null without Sentinel. */
export function sentinelDirectory(c: RunConfig): SentinelDirectory | null {
  return sentinelCount(c) > 0 ? new SentinelDirectory() : null;
}

export function targetBackend(c: RunConfig, sentinel: SentinelDirectory | null = null): Backend {
  if (c.backend === 'external') return externalBackend(c.externalNodes ?? [], c.hooks ?? {});
  const t = c.target ?? {};
  switch (systemOf(c)) {
    case 'redis':
      if (sentinel === null) return redisBackend();
      return redisSentinelBackend({ sentinels: sentinelCount(c), directory: sentinel });
    case 'postgres':
      return postgresBackend({
        syncCommit: (t.pgSyncCommit as SyncCommit | undefined) ?? 'on',
        ...(t.pgSyncStandbys !== undefined ? { syncStandbys: Number(t.pgSyncStandbys) } : {}),
        applyDelayMs: Number(t.pgApplyDelayMs ?? 0),
      });
    case 'etcd':
      return etcdBackend();
    case 'mariadb':
      return mariadbBackend(mariadbOptions(t));
    case 'galera':
      return galeraBackend();
    default:
      throw new UsageError(`--system ${systemOf(c)} has no local launcher`);
  }
}

export function targetWorkload(
  c: RunConfig,
  rng: Rng,
  sentinel: SentinelDirectory | null = null,
): Workload {
  const t = c.target ?? {};
  const base = { readFrom: c.readFrom, rng };
  switch (systemOf(c)) {
    case 'redis':
      return redisWorkload({
        ...base,
        waitReplicas: Number(t.redisWait ?? 0),
        waitTimeoutMs: Number(t.redisWaitTimeoutMs ?? 100),
        ...(sentinel ? { sentinel } : {}),
      });
    case 'postgres':
      return postgresWorkload(base);
    case 'etcd': {
      const readMode = t.etcdRead === 'serializable' ? 'serializable' : 'linearizable';
      const opts = { ...base, readMode } as const;
      return c.workload === 'register' ? etcdRegisterWorkload(opts) : etcdKvWorkload(opts);
    }
    case 'mariadb':
      return mariadbWorkload({ ...base, ...sqlClientOptions(t, 'mariadb') });
    case 'galera':
      return galeraWorkload({ ...base, ...sqlClientOptions(t, 'galera') });
    default:
      return kvWorkload({ ...base, clock: realClock() });
  }
}

/**
 * The node a leader-targeted fault hits: etcd's Raft leader; for Redis the
 * current primary (Sentinel's answer, or the primary INFO shows); else n1.
 */
export function targetLeader(
  system: string,
  sentinel: SentinelDirectory | null = null,
): FindLeader {
  if (system === 'redis') return (cluster) => redisLeader(cluster.nodes, sentinel);
  if (system !== 'etcd') return async (cluster) => cluster.nodes[0]?.id ?? null;
  return async (cluster) => {
    for (const n of cluster.nodes) {
      const st = await gateway(n, '/v3/maintenance/status', {}, AbortSignal.timeout(1000));
      const list = await gateway(n, '/v3/cluster/member/list', {}, AbortSignal.timeout(1000));
      if (st.kind !== 'ok' || list.kind !== 'ok') continue;
      const members = (list.body.members ?? []) as { ID?: string; name?: string }[];
      const leader = members.find((m) => m.ID === st.body.leader);
      if (leader?.name) return leader.name;
    }
    return null;
  };
}

export async function executeTargetRun(
  config: RunConfig,
  opts: ExecuteOptions,
): Promise<RunOutcome> {
  validateSystemChoices(config);
  const clock = realClock();
  const sentinel = sentinelDirectory(config);
  return run(config, {
    backend: targetBackend(config, sentinel),
    workload: (rng) => targetWorkload(config, rng, sentinel),
    defaultCheckers:
      config.workload === 'register'
        ? ['linearizable-register']
        : ['mariadb', 'galera'].includes(systemOf(config))
          ? MULTI_PRIMARY_CHECKERS
          : KV_CHECKERS,
    nemesis: nemesisPlanFor(config, {
      findLeader: targetLeader(systemOf(config), sentinel),
      clock,
    }),
    clock,
    startedIso: wallClockIso(),
    versions: { splitbrain: VERSION, node: process.version, system: systemOf(config) },
    log: opts.log,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onOp ? { onOp: opts.onOp } : {}),
  });
}
