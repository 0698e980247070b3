// What Galera says about its replication, for quiesce and lag: quiesced means
// every node is synced in one primary component at the same commit; lag is
// the writesets a node has received and not yet applied.
import type { Clock } from '../../../core/clock.ts';
import type { LagSample, SystemTarget } from '../../../core/system.ts';
import { pollUntil } from '../../poll.ts';
import { allSynced, galeraState } from './status.ts';

export function galeraProbes(clock: Clock): Pick<SystemTarget, 'quiesce' | 'sampleLag'> {
  return {
    quiesce: (nodes, timeoutMs) =>
      pollUntil(clock, timeoutMs, async () =>
        allSynced(await Promise.all(nodes.map((n) => galeraState(n)))),
      ),
    async sampleLag(nodes) {
      const states = await Promise.all(nodes.map((n) => galeraState(n)));
      const out: Record<string, LagSample> = {};
      nodes.forEach((n, i) => {
        const s = states[i];
        if (s) out[n.id] = { lagOps: s.recvQueue, lagMs: 0 };
      });
      return Object.keys(out).length === 0 ? null : out;
    },
  };
}
