// Workload "kv" against Redis: the same op stream and checkers as for our
// store (kv-generator.ts), so the session guarantees are judged alike.
import type { NodeInfo } from '../harness/cluster.ts';
import { realClock } from '../harness/clock.ts';
import { finalReads, kvGenerator } from './kv-generator.ts';
import { KV_CHECKERS } from './kv.ts';
import { redisClients, redisInfo } from './redis-client.ts';
import type { LagSample, Workload, WorkloadOptions } from './workload.ts';

export interface RedisWorkloadOptions extends WorkloadOptions {
  /** WAIT for this many replicas after each write (0: plain async replication). */
  readonly waitReplicas: number;
  readonly waitTimeoutMs: number;
}

export const REDIS_READ_POLICIES = ['primary', 'leader', 'replicas', 'any', 'sticky'] as const;
const QUIESCE_POLL_MS = 100;

/** Replication offset per node (bytes of the replication stream applied); null for a silent node. */
async function offsets(nodes: readonly NodeInfo[]): Promise<(number | null)[]> {
  return Promise.all(
    nodes.map(async (n, i) => {
      const info = await redisInfo(n, 'replication').catch(() => null);
      if (info === null) return null;
      const raw = i === 0 ? info.master_repl_offset : info.slave_repl_offset;
      return raw === undefined ? null : Number(raw);
    }),
  );
}

export function redisWorkload(opts: RedisWorkloadOptions): Workload {
  return {
    name: 'kv',
    checkers: KV_CHECKERS,
    generator: () => kvGenerator(),
    finalGenerator: finalReads,
    clients: () =>
      redisClients({
        readFrom: opts.readFrom,
        rng: opts.rng.fork(),
        waitReplicas: opts.waitReplicas,
        waitTimeoutMs: opts.waitTimeoutMs,
      }),
    async quiesce(nodes, timeoutMs) {
      const clock = realClock();
      while (clock.nowNs() / 1e6 < timeoutMs) {
        const offs = await offsets(nodes);
        const top = offs[0];
        if (top != null && offs.every((o) => o !== null && o >= top)) return true;
        await clock.sleepMs(QUIESCE_POLL_MS);
      }
      return false;
    },
    async sampleLag(nodes) {
      const offs = await offsets(nodes);
      const top = offs[0];
      if (top == null) return null;
      const out: Record<string, LagSample> = {};
      // Redis counts replication in bytes, not ops or time: lagOps carries bytes behind.
      nodes.slice(1).forEach((n, i) => {
        const o = offs[i + 1];
        if (o != null) out[n.id] = { lagOps: Math.max(0, top - o), lagMs: 0 };
      });
      return Object.keys(out).length === 0 ? null : out;
    },
  };
}
