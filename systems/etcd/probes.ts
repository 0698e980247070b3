// What etcd says about itself through the v3 JSON gateway: each member's
// applied revision (quiesce) and who leads (leader-targeted faults).
import type { Clock } from '../../core/clock.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { FindLeader, SystemTarget } from '../../core/system.ts';
import { pollUntil } from '../poll.ts';
import { gateway } from './client.ts';

const STATUS_TIMEOUT_MS = 500;
const LEADER_TIMEOUT_MS = 1000;

/** Each member's applied revision (its local view); null for a silent member. */
async function revisions(nodes: readonly NodeInfo[]): Promise<(number | null)[]> {
  return Promise.all(
    nodes.map(async (n) => {
      const body = {
        key: Buffer.from('r').toString('base64'),
        serializable: true,
        count_only: true,
      };
      const out = await gateway(n, '/v3/kv/range', body, AbortSignal.timeout(STATUS_TIMEOUT_MS));
      if (out.kind !== 'ok') return null;
      return Number((out.body.header as { revision?: string } | undefined)?.revision ?? NaN);
    }),
  );
}

/** Caught up when every member has applied the same revision; etcd reports no lag. */
export function etcdProbes(clock: Clock): Pick<SystemTarget, 'quiesce' | 'sampleLag'> {
  return {
    quiesce: (nodes, timeoutMs) =>
      pollUntil(clock, timeoutMs, async () => {
        const revs = await revisions(nodes);
        return revs.every((r) => r !== null && r === revs[0]);
      }),
    sampleLag: async () => null,
  };
}

/** The Raft leader's member name, as the first member that answers says. */
export const etcdLeader: FindLeader = async (cluster) => {
  for (const n of cluster.nodes) {
    const signal = () => AbortSignal.timeout(LEADER_TIMEOUT_MS);
    const st = await gateway(n, '/v3/maintenance/status', {}, signal());
    const list = await gateway(n, '/v3/cluster/member/list', {}, signal());
    if (st.kind !== 'ok' || list.kind !== 'ok') continue;
    const members = (list.body.members ?? []) as { ID?: string; name?: string }[];
    const leader = members.find((m) => m.ID === st.body.leader);
    if (leader?.name) return leader.name;
  }
  return null;
};
