// etcd 3.4 (Debian's etcd-server) as a system under test: a Raft cluster
// reached through its v3 JSON gateway, for the kv and register workloads.
import { oneOf } from '../../core/option.ts';
import type { SystemDescriptor } from '../../core/system.ts';
import { installedAt } from '../installed.ts';
import { ETCD_READ_MODES, etcdClients, type EtcdReadMode } from './client.ts';
import { ETCD, etcdLauncher } from './launcher.ts';
import { etcdLeader, etcdProbes } from './probes.ts';

export const etcd: SystemDescriptor = {
  name: 'etcd',
  title: 'etcd',
  summary: "Debian's etcd-server: a Raft cluster through its v3 JSON gateway",
  options: [
    {
      flag: 'etcd-read',
      group: 'systems',
      type: 'string',
      default: 'linearizable',
      describe: `etcd: reads are ${ETCD_READ_MODES.join(' or ')}`,
      parse: oneOf('etcd-read', ETCD_READ_MODES),
    },
  ],
  backends: ['local', 'external'],
  workloads: ['kv', 'register'],
  readPolicies: ['any', 'sticky'],
  installed: () => installedAt(ETCD, 'etcd-server'),
  setUp(settings, clock) {
    const readMode = settings.options.etcdRead as EtcdReadMode;
    return {
      launcher: etcdLauncher(),
      nodeArgs: [],
      findLeader: etcdLeader,
      connect: (_cluster, rng) => ({
        clients: (workload) =>
          etcdClients(
            { readFrom: settings.readFrom, readMode, rng: rng.fork() },
            workload === 'register' ? 'register' : 'kv',
          ),
        ...etcdProbes(clock),
      }),
    };
  },
};
