// PostgreSQL (Debian's postgresql) as a system under test: a primary (n1) and
// hot standbys with streaming replication, synchronous_commit as asked.
import { oneOf, wholeNumber } from '../../core/option.ts';
import type { SystemDescriptor } from '../../core/system.ts';
import { TARGET_READ_POLICIES } from '../target-reads.ts';
import { postgresClients } from './client.ts';
import { postgresInstalled } from './installed.ts';
import { SYNC_COMMIT_LEVELS, postgresLauncher, type SyncCommit } from './launcher.ts';
import { postgresProbes } from './probes.ts';

export const postgres: SystemDescriptor = {
  name: 'postgres',
  title: 'PostgreSQL',
  summary: "Debian's postgresql: a primary (n1) and hot standbys, streaming replication",
  options: [
    {
      flag: 'pg-sync-commit',
      group: 'systems',
      type: 'string',
      default: 'on',
      describe: `postgres: synchronous_commit (${SYNC_COMMIT_LEVELS.join(', ')})`,
      parse: oneOf('pg-sync-commit', SYNC_COMMIT_LEVELS),
    },
    {
      flag: 'pg-sync-standbys',
      group: 'systems',
      type: 'number',
      defaultText: 'all',
      describe: 'postgres: standbys a commit waits for (ANY k)',
      parse: wholeNumber('pg-sync-standbys', 0, 100),
    },
    {
      flag: 'pg-apply-delay-ms',
      group: 'systems',
      type: 'number',
      default: 0,
      describe: "postgres: standbys' recovery_min_apply_delay (a slow standby)",
      parse: wholeNumber('pg-apply-delay-ms', 0, 600_000),
    },
  ],
  backends: ['local', 'external'],
  workloads: ['kv'],
  readPolicies: TARGET_READ_POLICIES,
  installed: postgresInstalled,
  setUp(settings, clock) {
    const o = settings.options;
    return {
      launcher: postgresLauncher({
        syncCommit: o.pgSyncCommit as SyncCommit,
        ...(o.pgSyncStandbys !== undefined ? { syncStandbys: Number(o.pgSyncStandbys) } : {}),
        applyDelayMs: Number(o.pgApplyDelayMs),
      }),
      nodeArgs: [],
      // The primary is fixed: n1 as we launch it, the first --nodes entry of an external cluster.
      findLeader: async (cluster) => cluster.nodes[0]?.id ?? null,
      connect: (_cluster, rng) => ({
        clients: () => postgresClients({ readFrom: settings.readFrom, rng: rng.fork() }),
        ...postgresProbes(clock),
      }),
    };
  },
};
