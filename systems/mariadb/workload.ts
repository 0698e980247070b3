// Workload "kv" against MariaDB primaries: the same op stream and checkers
// as for our store, so the session guarantees and convergence are judged
// alike. Quiesced means every node holds the same GTID position in every
// domain; a replication connection stopped by an error (a duplicate key
// from a conflicting insert) will never get there, so the wait ends at once.
import type { NodeInfo } from '../../core/cluster.ts';
import { realClock } from '../../core/clock.ts';
import { finalReads, kvGenerator } from '../../workloads/kv-generator.ts';
import { KV_CHECKERS } from '../../workloads/kv.ts';
import type { LagSample, Workload, WorkloadOptions } from '../../workloads/workload.ts';
import { mariaClients } from './client.ts';
import type { SqlClientOptions } from './options.ts';
import { gtidLag, linkStatus, parseGtidPos, stoppedByError } from './replication.ts';
import { sqlQuery } from './sql.ts';

const QUIESCE_POLL_MS = 200;

/** Every node takes writes, so whether the replicas end up alike matters as much as the sessions. */
export const MULTI_PRIMARY_CHECKERS = [...KV_CHECKERS, 'convergence'] as const;

/** Each node's @@gtid_current_pos; null for a node that does not answer. */
async function positions(nodes: readonly NodeInfo[]): Promise<(Map<number, number> | null)[]> {
  return Promise.all(
    nodes.map(async (n) => {
      const rows = await sqlQuery(n, 'SELECT @@gtid_current_pos AS p').catch(() => null);
      const p = rows?.[0]?.p;
      return typeof p === 'string' ? parseGtidPos(p) : null;
    }),
  );
}

/** Whether some replication applier stopped on an error (it stays stopped until someone fixes it). */
async function anyStopped(nodes: readonly NodeInfo[]): Promise<boolean> {
  for (const n of nodes) {
    const rows = await sqlQuery(n, 'SHOW ALL SLAVES STATUS').catch(() => []);
    if (rows.map(linkStatus).some(stoppedByError)) return true;
  }
  return false;
}

export async function mariadbQuiesce(
  nodes: readonly NodeInfo[],
  timeoutMs: number,
): Promise<boolean> {
  const clock = realClock();
  while (clock.nowNs() / 1e6 < timeoutMs) {
    const pos = await positions(nodes);
    if (pos.every((p) => p !== null) && gtidLag(pos as Map<number, number>[]).every((l) => l === 0))
      return true;
    if (await anyStopped(nodes)) return false;
    await clock.sleepMs(QUIESCE_POLL_MS);
  }
  return false;
}

/** Transactions each node lacks (summed over GTID domains), as lagOps. */
export async function mariadbLag(
  nodes: readonly NodeInfo[],
): Promise<Record<string, LagSample> | null> {
  const pos = await positions(nodes);
  const known = nodes.flatMap((n, i) => (pos[i] ? [{ id: n.id, p: pos[i]! }] : []));
  if (known.length === 0) return null;
  const lag = gtidLag(known.map((k) => k.p));
  return Object.fromEntries(known.map((k, i) => [k.id, { lagOps: lag[i]!, lagMs: 0 }]));
}

export function mariadbWorkload(opts: WorkloadOptions & SqlClientOptions): Workload {
  return {
    name: 'kv',
    checkers: MULTI_PRIMARY_CHECKERS,
    generator: () => kvGenerator(),
    finalGenerator: finalReads,
    clients: () => mariaClients({ ...opts, rng: opts.rng.fork() }),
    quiesce: mariadbQuiesce,
    sampleLag: mariadbLag,
  };
}
