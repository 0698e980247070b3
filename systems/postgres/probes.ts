// What PostgreSQL says about its replication: the WAL position written on the
// primary and replayed on each standby, for quiesce and lag.
import type { Clock } from '../../core/clock.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { LagSample, SystemTarget } from '../../core/system.ts';
import { pollUntil } from '../poll.ts';
import { pgQuery } from './client.ts';

/** "16/B374D848" → a comparable number of bytes. */
function lsnBytes(lsn: string): bigint {
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

export function postgresProbes(clock: Clock): Pick<SystemTarget, 'quiesce' | 'sampleLag'> {
  return {
    quiesce: (nodes, timeoutMs) =>
      pollUntil(clock, timeoutMs, async () => {
        const pos = await positions(nodes);
        const top = pos[0];
        return top != null && pos.every((p) => p !== null && p >= top);
      }),
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
