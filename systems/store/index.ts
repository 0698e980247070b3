// The reference store (store/) as a system under test: every backend runs it
// (local processes, Docker, the simulation, an external cluster), its clients
// choose a read policy per session, and its /status says who leads and how
// far each replica is behind.
import type { Cluster } from '../../core/cluster.ts';
import type { SystemDescriptor } from '../../core/system.ts';
import { storeApiOf } from './api.ts';
import { findLeader, storeClients } from './client.ts';
import { leaderlessClients } from './leaderless-client.ts';
import { checkQuorums } from './leaderless-options.ts';
import { storeLauncher } from './launcher.ts';
import {
  STORE_OPTIONS,
  checkApplyDelay,
  checkHub,
  checkModeFlags,
  kvValuesOf,
  ownModeOptions,
  storeNodeFlags,
  storeWarnings,
} from './options.ts';
import { checkReadPolicy, checkWorkload, modeTraits } from './modes.ts';
import { storeSetClients } from './set-client.ts';
import { storeProbes } from './quiesce.ts';
import { READ_POLICIES } from './read-policy.ts';
import { statementApi } from './statement-values.ts';

export const store: SystemDescriptor = {
  name: 'store',
  title: "splitbrain's own store",
  summary:
    'the reference store (store/): single-leader, multi-leader or leaderless replication (--mode)',
  options: STORE_OPTIONS,
  backends: ['local', 'docker', 'sim', 'external'],
  workloads: ['kv', 'kv-readers', 'set'],
  readPolicies: READ_POLICIES,
  resolve(settings) {
    checkModeFlags(settings.options);
    checkReadPolicy(settings.options.mode, settings.readFrom);
    checkWorkload(settings.options.mode, settings.workload);
    const hub = settings.options.hub;
    if (typeof hub === 'string') checkHub(hub, settings.nodeCount);
    checkQuorums(settings.options, settings.nodeCount);
    const delay = settings.options.applyDelayMs;
    if (typeof delay === 'string') checkApplyDelay(delay, settings.nodeCount);
    return ownModeOptions(settings.options);
  },
  warnings: (settings) => storeWarnings(settings.options, settings.nodeCount),
  setUp(settings, clock) {
    const { options } = settings;
    return {
      launcher: storeLauncher(),
      nodeArgs: storeNodeFlags(options),
      // Leaderless nodes all coordinate and multi-leader nodes all take writes: no leader for a fault to aim at.
      ...(options.mode === 'leaderless' || modeTraits(options.mode).writesTo === 'home'
        ? {}
        : {
            findLeader: async (cluster: Cluster) =>
              (await findLeader(storeApiOf(cluster, clock), cluster.nodes))?.id ?? null,
          }),
      connect(cluster, rng) {
        const api = storeApiOf(cluster, clock);
        return {
          clients: (workload) =>
            workload === 'set'
              ? storeSetClients({ api, readFrom: settings.readFrom, rng: rng.fork() })
              : // The one place the store's mode picks a client: leaderless has no leader to find.
                options.mode === 'leaderless'
                ? leaderlessClients({
                    readFrom: settings.readFrom,
                    rng: rng.fork(),
                    api,
                    repairFirst: options.antiEntropyIntervalMs === 0,
                  })
                : storeClients({
                    writesTo: modeTraits(options.mode).writesTo,
                    readFrom: settings.readFrom,
                    rng: rng.fork(),
                    // Only the clients' traffic carries statement values; quiesce and lag read status.
                    api: kvValuesOf(options) === 'statement' ? statementApi(api) : api,
                    clock,
                    ...(typeof options.leaderWindowMs === 'number'
                      ? { leaderWindowMs: options.leaderWindowMs }
                      : {}),
                  }),
          ...storeProbes(api, clock),
        };
      },
    };
  },
};
