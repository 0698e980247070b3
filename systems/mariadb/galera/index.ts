// Galera Cluster (Debian's mariadb-server with galera-4) as a system under
// test: n nodes in a network namespace of their own, every node taking
// writes, each session with the run's wsrep_sync_wait. It shares MariaDB's
// SQL flags (--mariadb-functions, --mariadb-write-to) and client.
import type { SystemDescriptor } from '../../../core/system.ts';
import { mariaClients } from '../client.ts';
import {
  MULTI_PRIMARY_CHECKERS,
  MULTI_PRIMARY_READS,
  SQL_OPTIONS,
  SYNC_WAIT_OPTION,
  sqlClientOptions,
} from '../options.ts';
import { galeraInstalled } from './installed.ts';
import { galeraLauncher } from './launcher.ts';
import { galeraProbes } from './probes.ts';

export const galera: SystemDescriptor = {
  name: 'galera',
  title: 'Galera Cluster',
  summary:
    "Debian's mariadb-server with galera-4: every node a primary, certification-based replication, in a network namespace",
  options: [...SQL_OPTIONS, SYNC_WAIT_OPTION],
  backends: ['local', 'external'],
  workloads: ['kv'],
  readPolicies: MULTI_PRIMARY_READS,
  checkers: MULTI_PRIMARY_CHECKERS,
  installed: galeraInstalled,
  setUp(settings, clock) {
    return {
      launcher: galeraLauncher(),
      nodeArgs: [],
      // No node leads; a leader-targeted fault hits n1, the node that bootstrapped the cluster.
      findLeader: async (cluster) => cluster.nodes[0]?.id ?? null,
      connect: (_cluster, rng) => ({
        clients: () =>
          mariaClients({
            ...sqlClientOptions(settings.options),
            readFrom: settings.readFrom,
            rng: rng.fork(),
          }),
        ...galeraProbes(clock),
      }),
    };
  },
};
