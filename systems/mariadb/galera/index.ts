// Galera Cluster (Debian's mariadb-server with galera-4) as a system under
// test: n nodes in a network namespace of their own, every node taking
// writes, each session with the run's wsrep_sync_wait. It shares MariaDB's
// SQL flags (--mariadb-functions, --mariadb-write-to) and client.
import type { SystemDescriptor } from '../../../core/system.ts';
import { multiPrimaryRun } from '../multi-primary-run.ts';
import {
  MULTI_PRIMARY_CHECKERS,
  MULTI_PRIMARY_READS,
  SQL_OPTIONS,
  SYNC_WAIT_OPTION,
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
  setUp: (settings, clock) => multiPrimaryRun(settings, galeraLauncher(), galeraProbes(clock)),
};
