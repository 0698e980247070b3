// What a Galera node says about itself (SHOW STATUS LIKE 'wsrep_%'): whether
// it is in the primary component and synced, how far it has committed, and
// how many replicated writesets wait to be applied. The workload's quiesce
// and lag, and the launcher's start-up wait, read it.
import type { NodeInfo } from '../../../core/cluster.ts';
import { sqlStatus } from '../sql.ts';

export interface GaleraState {
  /** wsrep_ready: the node accepts queries. */
  readonly ready: boolean;
  /** wsrep_cluster_status: Primary, non-Primary or Disconnected. */
  readonly component: string;
  /** wsrep_local_state_comment: Synced, Joining, Donor/Desynced, ... */
  readonly state: string;
  readonly clusterSize: number;
  /** wsrep_last_committed: the seqno of the last writeset this node committed. */
  readonly lastCommitted: number;
  /** wsrep_local_recv_queue: writesets received and not yet applied. */
  readonly recvQueue: number;
}

export function parseGaleraState(vars: ReadonlyMap<string, string>): GaleraState {
  return {
    ready: vars.get('wsrep_ready') === 'ON',
    component: vars.get('wsrep_cluster_status') ?? '',
    state: vars.get('wsrep_local_state_comment') ?? '',
    clusterSize: Number(vars.get('wsrep_cluster_size') ?? 0),
    lastCommitted: Number(vars.get('wsrep_last_committed') ?? -1),
    recvQueue: Number(vars.get('wsrep_local_recv_queue') ?? 0),
  };
}

/** The node's state; null when it does not answer. */
export async function galeraState(node: NodeInfo): Promise<GaleraState | null> {
  const vars = await sqlStatus(node, "SHOW STATUS LIKE 'wsrep_%'").catch(() => null);
  return vars === null ? null : parseGaleraState(vars);
}

/** Every node synced in one primary component of all of them, at the same commit. */
export function allSynced(states: readonly (GaleraState | null)[]): boolean {
  const n = states.length;
  return states.every(
    (s) =>
      s !== null &&
      s.ready &&
      s.component === 'Primary' &&
      s.state === 'Synced' &&
      s.clusterSize === n &&
      s.recvQueue === 0 &&
      s.lastCommitted === states[0]?.lastCommitted,
  );
}
