// What MariaDB primaries say about their replication, for quiesce and lag.
// Quiesced means every node holds the same GTID position in every domain; a
// replication connection stopped by an error (a duplicate key from a
// conflicting insert) will never get there, so the wait ends at once. Lag is
// the transactions a node lacks, summed over domains. No node leads: every
// one takes writes.
import type { Clock } from '../../core/clock.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { LagSample, SystemTarget } from '../../core/system.ts';
import { pollUntil } from '../poll.ts';
import { gtidLag, linkStatus, parseGtidPos, stoppedByError } from './replication.ts';
import { sqlQuery } from './sql.ts';

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

async function caughtUp(nodes: readonly NodeInfo[]): Promise<boolean> {
  const pos = await positions(nodes);
  return (
    pos.every((p) => p !== null) && gtidLag(pos as Map<number, number>[]).every((l) => l === 0)
  );
}

export function mariadbProbes(clock: Clock): Pick<SystemTarget, 'quiesce' | 'sampleLag'> {
  return {
    async quiesce(nodes, timeoutMs) {
      let stopped = false;
      const done = await pollUntil(clock, timeoutMs, async () => {
        if (await caughtUp(nodes)) return true;
        stopped = await anyStopped(nodes);
        return stopped;
      });
      return done && !stopped;
    },
    async sampleLag(nodes) {
      const pos = await positions(nodes);
      const known = nodes.flatMap((n, i) => (pos[i] ? [{ id: n.id, p: pos[i]! }] : []));
      if (known.length === 0) return null;
      const lag = gtidLag(known.map((k) => k.p));
      return Object.fromEntries(
        known.map((k, i): [string, LagSample] => [k.id, { lagOps: lag[i]!, lagMs: 0 }]),
      );
    },
  };
}
