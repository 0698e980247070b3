// Workload "kv" against PostgreSQL: the same op stream and checkers as for
// our store (kv-generator.ts), so the session guarantees are judged alike.
import type { NodeInfo } from '../../core/cluster.ts';
import { realClock } from '../../core/clock.ts';
import { finalReads, kvGenerator } from '../../workloads/kv-generator.ts';
import { KV_CHECKERS } from '../../workloads/kv.ts';
import { pgQuery, postgresClients } from './client.ts';
import type { LagSample, Workload, WorkloadOptions } from '../../workloads/workload.ts';

export const POSTGRES_READ_POLICIES = ['primary', 'leader', 'replicas', 'any', 'sticky'] as const;
const QUIESCE_POLL_MS = 100;

/** "16/B374D848" → a comparable number of bytes. */
export function lsnBytes(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** WAL position per node: written on the primary, replayed on a standby; null for a silent node. */
async function positions(nodes: readonly NodeInfo[]): Promise<(bigint | null)[]> {
  return Promise.all(
    nodes.map(async (n, i) => {
      const sql =
        i === 0
          ? 'SELECT pg_current_wal_lsn()::text AS l'
          : 'SELECT pg_last_wal_replay_lsn()::text AS l';
      const rows = await pgQuery(n, sql).catch(() => null);
      const l = rows?.[0]?.l;
      return typeof l === 'string' ? lsnBytes(l) : null;
    }),
  );
}

export function postgresWorkload(opts: WorkloadOptions): Workload {
  return {
    name: 'kv',
    checkers: KV_CHECKERS,
    generator: () => kvGenerator(),
    finalGenerator: finalReads,
    clients: () => postgresClients({ readFrom: opts.readFrom, rng: opts.rng.fork() }),
    async quiesce(nodes, timeoutMs) {
      const clock = realClock();
      while (clock.nowNs() / 1e6 < timeoutMs) {
        const pos = await positions(nodes);
        const top = pos[0];
        if (top != null && pos.every((p) => p !== null && p >= top)) return true;
        await clock.sleepMs(QUIESCE_POLL_MS);
      }
      return false;
    },
    async sampleLag(nodes) {
      const pos = await positions(nodes);
      const top = pos[0];
      if (top == null) return null;
      const out: Record<string, LagSample> = {};
      // WAL is counted in bytes, not ops: lagOps carries bytes of WAL not yet replayed.
      nodes.slice(1).forEach((n, i) => {
        const p = pos[i + 1];
        if (p != null) out[n.id] = { lagOps: Number(top > p ? top - p : 0n), lagMs: 0 };
      });
      return Object.keys(out).length === 0 ? null : out;
    },
  };
}
