// One run's wiring of a multi-primary SQL system (MariaDB, Galera): the same
// clients and no leader; only the launcher and the replication probes differ.
import type { Launcher } from '../../core/launcher.ts';
import type { SystemRun, SystemSettings, SystemTarget } from '../../core/system.ts';
import { mariaClients } from './client.ts';
import { sqlClientOptions } from './options.ts';

export function multiPrimaryRun(
  settings: SystemSettings,
  launcher: Launcher,
  probes: Pick<SystemTarget, 'quiesce' | 'sampleLag'>,
): SystemRun {
  return {
    launcher,
    nodeArgs: [],
    // No node leads; a leader-targeted fault hits n1 (Galera's bootstrap node).
    findLeader: async (cluster) => cluster.nodes[0]?.id ?? null,
    connect: (_cluster, rng) => ({
      clients: () =>
        mariaClients({
          ...sqlClientOptions(settings.options),
          readFrom: settings.readFrom,
          rng: rng.fork(),
        }),
      ...probes,
    }),
  };
}
