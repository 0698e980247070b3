// What Redis says about its replication (INFO replication): when the replicas
// have caught up, how far each is behind, and which node is the primary.
import type { Clock } from '../../core/clock.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { LagSample, SystemTarget } from '../../core/system.ts';
import { pollUntil } from '../poll.ts';
import { redisInfo } from './client.ts';
import { sentinelPrimary, type SentinelDirectory } from './sentinel-directory.ts';

export interface NodeOffset {
  /** Bytes of the replication stream the node holds (a primary) or has applied (a replica). */
  readonly offset: number;
  /** Replicas attached, for a node that says it is a primary; -1 for a replica. */
  readonly replicas: number;
  /** A replica whose link to its primary is up and not in the middle of a full sync. */
  readonly linked: boolean;
}

/** Each node's replication offset; null for a silent node. */
async function offsets(nodes: readonly NodeInfo[]): Promise<(NodeOffset | null)[]> {
  return Promise.all(
    nodes.map(async (n) => {
      const info = await redisInfo(n, 'replication').catch(() => null);
      if (info === null) return null;
      const master = info.role === 'master';
      const raw = master ? info.master_repl_offset : info.slave_repl_offset;
      if (raw === undefined) return null;
      const linked = info.master_link_status === 'up' && info.master_sync_in_progress !== '1';
      return {
        offset: Number(raw),
        replicas: master ? Number(info.connected_slaves ?? 0) : -1,
        linked: !master && linked,
      };
    }),
  );
}

/**
 * The primary's index: after a failover it is no longer n1, and an old
 * primary restarted empty also says master until Sentinel demotes it, so the
 * one with the most replicas attached wins (n1 first on a tie).
 */
function primaryIndex(offs: readonly (NodeOffset | null)[]): number | null {
  let best: number | null = null;
  offs.forEach((o, i) => {
    if (o !== null && o.replicas >= 0 && (best === null || o.replicas > offs[best]!.replicas))
      best = i;
  });
  return best;
}

/**
 * Caught up: every node answers, exactly one says it is a primary (an old
 * primary restarted empty also says so until Sentinel demotes it, and must not
 * serve the final reads), and every replica is linked to it, not mid-sync, and
 * has applied all of its stream.
 */
export function settled(offs: readonly (NodeOffset | null)[]): boolean {
  const p = primaryIndex(offs);
  if (p === null) return false;
  const top = offs[p]!.offset;
  return offs.every(
    (o, i) => o !== null && (i === p || (o.replicas === -1 && o.linked && o.offset >= top)),
  );
}

/** Quiesce and lag from every node's replication offset, on the run's clock. */
export function redisProbes(clock: Clock): Pick<SystemTarget, 'quiesce' | 'sampleLag'> {
  return {
    quiesce: (nodes, timeoutMs) =>
      pollUntil(clock, timeoutMs, async () => settled(await offsets(nodes))),
    async sampleLag(nodes) {
      const offs = await offsets(nodes);
      const p = primaryIndex(offs);
      if (p === null) return null;
      const top = offs[p]!.offset;
      const out: Record<string, LagSample> = {};
      // Redis counts replication in bytes, not ops or time: lagOps carries bytes behind.
      nodes.forEach((n, i) => {
        const o = offs[i];
        if (i !== p && o != null) out[n.id] = { lagOps: Math.max(0, top - o.offset), lagMs: 0 };
      });
      return Object.keys(out).length === 0 ? null : out;
    },
  };
}

/**
 * The current primary, for leader-targeted faults: what Sentinel names when
 * it runs the failovers, else the node INFO shows as primary with the most
 * replicas; null when neither answers.
 */
export async function redisLeader(
  nodes: readonly NodeInfo[],
  sentinel: SentinelDirectory | null,
): Promise<string | null> {
  if (sentinel !== null) {
    const p = await sentinelPrimary(sentinel, nodes);
    return p instanceof Error ? null : p.id;
  }
  const p = primaryIndex(await offsets(nodes));
  return p === null ? null : nodes[p]!.id;
}
