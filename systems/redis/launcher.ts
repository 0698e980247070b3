// Redis 7 (Debian's redis-server) as a primary (n1) and replicas. Each
// replica's --replicaof points at its own link proxy to the primary, so a
// partition cuts exactly that replication stream.
import { mkdirSync } from 'node:fs';
import { redisConnection, redisInfo } from './client.ts';
import type { ServerContext, ServerLauncher, ServerNode } from '../../core/launcher.ts';
import { LOOPBACK } from '../../kit/ports.ts';

export const REDIS_SERVER = '/usr/bin/redis-server';
export const READY_TIMEOUT_MS = 15_000;
const SYNC_TIMEOUT_MS = 20_000;

/** The server itself, not its client proxy: readiness is about the process. */
export const direct = (port: number) => ({ id: 'direct', host: LOOPBACK, port });

export async function answers(port: number): Promise<boolean> {
  const info = await redisInfo(direct(port), 'server');
  return info.redis_version !== undefined;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until every replica's link to the primary is up and its first sync is done. */
export async function waitReplicasSynced(ctx: ServerContext): Promise<void> {
  let waitedMs = 0;
  for (const n of ctx.nodes.slice(1)) {
    while ((await redisInfo(direct(n.serverPort), 'replication')).master_link_status !== 'up') {
      if (waitedMs > SYNC_TIMEOUT_MS)
        throw new Error(
          `redis replica ${n.id} did not sync with the primary within ${SYNC_TIMEOUT_MS} ms (log: ${n.logPath})`,
        );
      await sleep(100);
      waitedMs += 100;
    }
  }
}

/** The flags every data node runs with, whoever follows whom. */
export function redisArgs(node: ServerNode): string[] {
  mkdirSync(node.dataDir, { recursive: true });
  return [
    '--port',
    String(node.serverPort),
    '--bind',
    LOOPBACK,
    '--protected-mode',
    'no',
    '--dir',
    node.dataDir,
    '--daemonize',
    'no',
    // No persistence: a restarted node comes back empty, as Redis documents for this setup.
    '--save',
    '',
    '--appendonly',
    'no',
    // Full syncs start at once instead of after Redis 7's 5 s batching delay.
    '--repl-diskless-sync-delay',
    '0',
    '--repl-ping-replica-period',
    '1',
  ];
}

export const redisLauncher: ServerLauncher = {
  kind: 'server',
  name: 'redis',
  separatePeerPort: false,
  clockNote: {
    works: false,
    detail:
      "not available for redis: Debian's redis-server hangs at startup under libfaketime (its allocator calls clock_gettime before libfaketime has initialised)",
  },
  launch(node: ServerNode, ctx: ServerContext) {
    const primary = ctx.nodes[0]!;
    const args = redisArgs(node);
    if (node.id !== primary.id)
      args.push('--replicaof', LOOPBACK, String(ctx.proxyPort(node.id, primary.id)));
    return {
      command: REDIS_SERVER,
      args,
      env: node.clockEnv,
      ready: () => answers(node.serverPort),
      readyTimeoutMs: READY_TIMEOUT_MS,
    };
  },
  afterUp: waitReplicasSynced,
};

/**
 * Manual failover, the steps Sentinel takes: the new primary stops replicating
 * (REPLICAOF NO ONE), every other running node follows it through its own
 * link proxy, so partitions still cut the new replication streams.
 */
export async function redisFailover(ctx: ServerContext, newPrimary: string): Promise<void> {
  const target = ctx.nodes.find((n) => n.id === newPrimary);
  if (!target) throw new Error(`no node ${newPrimary}`);
  const send = async (port: number, args: (string | number)[]) => {
    const r = redisConnection(direct(port));
    try {
      await r.connect();
      await r.call('REPLICAOF', ...args);
    } finally {
      r.disconnect();
    }
  };
  await send(target.serverPort, ['NO', 'ONE']);
  for (const n of ctx.nodes) {
    if (n.id === newPrimary) continue;
    await send(n.serverPort, [LOOPBACK, ctx.proxyPort(n.id, newPrimary)]).catch(() => {
      // A dead node (the old primary) is repointed by whoever restarts it.
    });
  }
}
