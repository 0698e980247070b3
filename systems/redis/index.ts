// Redis (Debian's redis-server) as a system under test: a primary (n1) and
// replicas, optionally WAIT after each write, optionally Sentinel failing over.
import { UsageError } from '../../core/errors.ts';
import { wholeNumber, type OptionValue, type OptionValues } from '../../core/option.ts';
import type { SystemDescriptor, SystemSettings } from '../../core/system.ts';
import { installedAt } from '../installed.ts';
import { TARGET_READ_POLICIES } from '../target-reads.ts';
import { redisClients } from './client.ts';
import { REDIS_SERVER, redisLauncher } from './launcher.ts';
import { redisLeader, redisProbes } from './probes.ts';
import { SentinelDirectory, sentinelPrimary } from './sentinel-directory.ts';
import { redisSentinelLauncher } from './sentinel-launcher.ts';

/** Sentinels that --redis-sentinel starts: the fewest that survive the loss of one. */
export const DEFAULT_SENTINELS = 3;

/** --redis-sentinel is --redis-sentinels 3; kept as the count alone, and only where Redis runs locally. */
function resolveSentinels(settings: SystemSettings): OptionValues {
  const { redisSentinel: on, ...rest } = settings.options;
  const o: Record<string, OptionValue> = { ...rest };
  if (on === true && o.redisSentinels === 0)
    throw new UsageError('--redis-sentinel asks for Sentinel but --redis-sentinels is 0: drop one');
  if (on === true && o.redisSentinels === undefined) o.redisSentinels = DEFAULT_SENTINELS;
  if (o.redisSentinels === 0) delete o.redisSentinels;
  if (o.redisSentinels !== undefined && settings.backend === 'external')
    throw new UsageError(
      '--redis-sentinel(s) starts local sentinels; with --backend external drop it (run your own Sentinel)',
    );
  return o;
}

export const redis: SystemDescriptor = {
  name: 'redis',
  title: 'Redis',
  summary: "Debian's redis-server: a primary (n1) and replicas, optionally Sentinel",
  options: [
    {
      flag: 'redis-wait',
      group: 'systems',
      type: 'number',
      default: 0,
      describe: 'redis: WAIT for this many replicas after each write',
      parse: wholeNumber('redis-wait', 0, 100),
    },
    {
      flag: 'redis-wait-timeout-ms',
      group: 'systems',
      type: 'number',
      default: 100,
      describe: 'redis: WAIT timeout',
      parse: wholeNumber('redis-wait-timeout-ms', 0, 600_000),
    },
    {
      flag: 'redis-sentinel',
      group: 'systems',
      type: 'boolean',
      describe: `redis: Sentinel fails over (${DEFAULT_SENTINELS} sentinels; --redis-sentinels n for another count)`,
    },
    {
      flag: 'redis-sentinels',
      group: 'systems',
      type: 'number',
      describe: 'redis: this many Sentinel processes, quorum a majority (0: no Sentinel)',
      parse: wholeNumber('redis-sentinels', 0, 9),
    },
  ],
  backends: ['local', 'external'],
  workloads: ['kv'],
  readPolicies: TARGET_READ_POLICIES,
  installed: () => installedAt(REDIS_SERVER, 'redis-server'),
  resolve: resolveSentinels,
  setUp(settings, clock) {
    const o = settings.options;
    const sentinels = settings.backend === 'external' ? 0 : Number(o.redisSentinels ?? 0);
    const directory = sentinels > 0 ? new SentinelDirectory() : null;
    return {
      launcher:
        directory === null ? redisLauncher : redisSentinelLauncher({ sentinels, directory }),
      nodeArgs: [],
      findLeader: (cluster) => redisLeader(cluster.nodes, directory),
      connect: (_cluster, rng) => ({
        clients: () =>
          redisClients({
            readFrom: settings.readFrom,
            rng: rng.fork(),
            waitReplicas: Number(o.redisWait),
            waitTimeoutMs: Number(o.redisWaitTimeoutMs),
            ...(directory ? { findPrimary: (nodes) => sentinelPrimary(directory, nodes) } : {}),
          }),
        ...redisProbes(clock),
      }),
    };
  },
};
