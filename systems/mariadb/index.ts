// MariaDB (Debian's mariadb-server) as a system under test: n primaries with
// binlog replication between them (circular or all-to-all), every node
// taking writes. Galera, MariaDB with the wsrep provider, is the sibling
// descriptor in galera/ and shares this folder's server, SQL and client.
import type { SystemDescriptor } from '../../core/system.ts';
import { multiPrimaryRun } from './multi-primary-run.ts';
import { mariadbInstalled } from './installed.ts';
import { mariadbLauncher } from './launcher.ts';
import {
  MULTI_PRIMARY_CHECKERS,
  MULTI_PRIMARY_READS,
  REPLICATION_OPTIONS,
  SQL_OPTIONS,
  mariadbOptions,
} from './options.ts';
import { mariadbProbes } from './probes.ts';

export const mariadb: SystemDescriptor = {
  name: 'mariadb',
  title: 'MariaDB',
  summary:
    "Debian's mariadb-server: every node a primary, binlog replication (circular or all-to-all)",
  options: [...REPLICATION_OPTIONS, ...SQL_OPTIONS],
  backends: ['local', 'external'],
  workloads: ['kv'],
  readPolicies: MULTI_PRIMARY_READS,
  checkers: MULTI_PRIMARY_CHECKERS,
  installed: mariadbInstalled,
  setUp: (settings, clock) =>
    multiPrimaryRun(
      settings,
      mariadbLauncher(mariadbOptions(settings.options)),
      mariadbProbes(clock),
    ),
};
