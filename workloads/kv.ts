// Workload "kv": single-writer keys with increasing values, reads of one's
// own and others' keys, multi-key reads; judged by the session checkers.
import type { NodeInfo } from '../harness/cluster.ts';
import { realClock } from '../harness/clock.ts';
import type { Workload, WorkloadOptions, LagSample } from './workload.ts';
import { finalReads, kvGenerator } from './kv-generator.ts';
import { storeClients } from './store-client.ts';
import { nodeStatus } from './store-http.ts';

const STATUS_TIMEOUT_MS = 500;
const QUIESCE_POLL_MS = 100;

export const KV_CHECKERS = ['read-your-writes', 'monotonic-reads', 'consistent-prefix'] as const;

async function allCaughtUp(nodes: readonly NodeInfo[]): Promise<boolean> {
  const statuses = await Promise.all(nodes.map((n) => nodeStatus(n, STATUS_TIMEOUT_MS)));
  if (statuses.some((s) => s === null)) return false;
  const top = Math.max(...statuses.map((s) => s!.lsn));
  return statuses.every((s) => s!.appliedLsn >= top);
}

export function kvWorkload(opts: WorkloadOptions): Workload {
  return {
    name: 'kv',
    checkers: KV_CHECKERS,
    generator: () => kvGenerator(),
    finalGenerator: finalReads,
    clients: () => storeClients({ readFrom: opts.readFrom, rng: opts.rng.fork() }),
    async quiesce(nodes, timeoutMs) {
      const clock = realClock();
      while (clock.nowNs() / 1e6 < timeoutMs) {
        if (await allCaughtUp(nodes)) return true;
        await clock.sleepMs(QUIESCE_POLL_MS);
      }
      return false;
    },
    async sampleLag(nodes) {
      const statuses = await Promise.all(nodes.map((n) => nodeStatus(n, STATUS_TIMEOUT_MS)));
      const out: Record<string, LagSample> = {};
      for (const s of statuses) {
        if (s === null || s.role !== 'leader') continue;
        for (const [id, f] of Object.entries(s.followers)) {
          out[id] = { lagOps: f.lagOps, lagMs: f.lagMs };
        }
      }
      return Object.keys(out).length === 0 ? null : out;
    },
  };
}
