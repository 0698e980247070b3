// Workload "kv" against Galera: the MariaDB client (every node takes
// writes), each session with the run's wsrep_sync_wait. Quiesced means every
// node is synced in one primary component at the same commit; lag is the
// writesets a node has received and not yet applied.
import type { NodeInfo } from '../../core/cluster.ts';
import { realClock } from '../../core/clock.ts';
import { finalReads, kvGenerator } from '../../workloads/kv-generator.ts';
import type { LagSample, Workload, WorkloadOptions } from '../../workloads/workload.ts';
import { mariaClients } from '../mariadb/client.ts';
import type { SqlClientOptions } from '../mariadb/options.ts';
import { MULTI_PRIMARY_CHECKERS } from '../mariadb/workload.ts';
import { allSynced, galeraState } from './status.ts';

const QUIESCE_POLL_MS = 200;

export async function galeraQuiesce(
  nodes: readonly NodeInfo[],
  timeoutMs: number,
): Promise<boolean> {
  const clock = realClock();
  while (clock.nowNs() / 1e6 < timeoutMs) {
    if (allSynced(await Promise.all(nodes.map((n) => galeraState(n))))) return true;
    await clock.sleepMs(QUIESCE_POLL_MS);
  }
  return false;
}

export async function galeraLag(
  nodes: readonly NodeInfo[],
): Promise<Record<string, LagSample> | null> {
  const states = await Promise.all(nodes.map((n) => galeraState(n)));
  const out: Record<string, LagSample> = {};
  nodes.forEach((n, i) => {
    const s = states[i];
    if (s) out[n.id] = { lagOps: s.recvQueue, lagMs: 0 };
  });
  return Object.keys(out).length === 0 ? null : out;
}

export function galeraWorkload(opts: WorkloadOptions & SqlClientOptions): Workload {
  return {
    name: 'kv',
    checkers: MULTI_PRIMARY_CHECKERS,
    generator: () => kvGenerator(),
    finalGenerator: finalReads,
    clients: () => mariaClients({ ...opts, rng: opts.rng.fork() }),
    quiesce: galeraQuiesce,
    sampleLag: galeraLag,
  };
}
