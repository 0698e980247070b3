// Redis with Sentinel: the same primary and replicas as redis.ts, plus
// sentinel processes that fail over on their own.
//
// Why a demultiplexer: Sentinel hands out one address per node (what the node
// announces), to clients and to replicas it repoints, and it "fixes" any
// replica whose master address differs from that one. A proxy per link can
// therefore not be chosen by address. Each node announces its SourceDemux
// port and dials out from a source address of its own, so a replica's stream
// to any primary, before or after a failover, still runs through that link's
// proxy (partitions and link faults cut it), while clients and sentinels,
// dialing from 127.0.0.1, go through the node's client proxy. Sentinels thus
// stand beside the clients: a partition between data nodes does not hide a
// primary from them, a kill or pause does.
//
// Each data node also runs from a config file of its own, which Sentinel
// rewrites (CONFIG REWRITE) when it repoints the node, so a restarted replica
// follows the primary it last followed. A restarted old primary comes back as
// an empty primary (no persistence) until Sentinel turns it into a replica.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentinelDirectory } from './sentinel-directory.ts';
import type { ServerContext, ServerLauncher } from '../../core/launcher.ts';
import { nodesDirOf } from '../../kit/cluster-nodes.ts';
import { LOOPBACK } from '../../kit/ports.ts';
import {
  READY_TIMEOUT_MS,
  REDIS_SERVER,
  answers,
  redisArgs,
  redisLauncher,
  waitReplicasSynced,
} from './launcher.ts';
import { FAST_SENTINEL, Sentinels, type SentinelTimings } from './sentinels.ts';
import { SourceDemux, sourceAddress } from './source-demux.ts';

export interface RedisSentinelOptions {
  /** How many sentinels (quorum: a majority of them). */
  readonly sentinels: number;
  /** Filled once the sentinels are up; clients ask them through it. */
  readonly directory: SentinelDirectory;
  readonly timings?: SentinelTimings;
}

/** Where each node routes a connection, by the source address it came from. */
function routeFor(ctx: ServerContext, to: string) {
  const bySource = new Map(ctx.nodes.map((n, i) => [sourceAddress(i), n.id]));
  return (addr: string): number | null => {
    if (addr === LOOPBACK) return ctx.proxyPort('client', to);
    const from = bySource.get(addr);
    return from === undefined || from === to ? null : ctx.proxyPort(from, to);
  };
}

export function redisSentinelLauncher(opts: RedisSentinelOptions): ServerLauncher {
  if (!Number.isInteger(opts.sentinels) || opts.sentinels < 1)
    throw new Error(`sentinels must be a positive integer, got ${opts.sentinels}`);
  const demuxes: SourceDemux[] = [];
  const announced = new Map<string, number>();
  let sentinels: Sentinels | null = null;
  return {
    ...redisLauncher,
    async prepare(ctx) {
      for (const n of ctx.nodes) {
        const d = new SourceDemux({ portFor: routeFor(ctx, n.id) });
        demuxes.push(d);
        announced.set(n.id, await d.listen());
      }
    },
    launch(node, ctx) {
      const i = ctx.nodes.indexOf(node);
      const primary = ctx.nodes[0]!;
      const args = redisArgs(node);
      const conf = join(node.dataDir, 'redis.conf');
      // The initial role lives in the file, not on the command line, so Sentinel's rewrite of it wins on restart.
      writeFileSync(
        conf,
        node.id === primary.id ? '' : `replicaof ${LOOPBACK} ${announced.get(primary.id)}\n`,
      );
      args.push(
        '--bind-source-addr',
        sourceAddress(i),
        '--replica-announce-ip',
        LOOPBACK,
        '--replica-announce-port',
        String(announced.get(node.id)),
      );
      return {
        command: REDIS_SERVER,
        args: [conf, ...args],
        env: node.clockEnv,
        ready: () => answers(node.serverPort),
        readyTimeoutMs: READY_TIMEOUT_MS,
      };
    },
    async afterUp(ctx) {
      await waitReplicasSynced(ctx);
      sentinels = await Sentinels.start({
        count: opts.sentinels,
        primaryPort: announced.get(ctx.nodes[0]!.id)!,
        replicas: ctx.nodes.length - 1,
        tmpDir: ctx.tmpDir,
        logDir: nodesDirOf(ctx.runDir),
        timings: opts.timings ?? FAST_SENTINEL,
      });
      opts.directory.set(sentinels.addresses, announced);
    },
    async down() {
      await sentinels?.stop();
      await Promise.all(demuxes.map((d) => d.close()));
    },
  };
}
