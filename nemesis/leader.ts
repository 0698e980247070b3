// Who leads, as the reference store reports it on GET /status. The default
// FindLeader for nemeses; a target system other than our store passes its own.
import type { Cluster } from '../core/cluster.ts';
import type { StatusReply } from '../store/replication/single-leader/protocol.ts';

const STATUS_TIMEOUT_MS = 1000;

async function statusOf(host: string, port: number): Promise<StatusReply | null> {
  try {
    const res = await fetch(`http://${host}:${port}/status`, {
      signal: AbortSignal.timeout(STATUS_TIMEOUT_MS),
    });
    return res.ok ? ((await res.json()) as StatusReply) : null;
  } catch {
    return null;
  }
}

/** A majority names a self-declared leader, and no answer so far knows a newer term. */
function settled(replies: readonly StatusReply[], nodeCount: number): string | null {
  const claim = replies.filter((r) => r.role === 'leader').sort((a, b) => b.term - a.term)[0];
  if (!claim || replies.some((r) => r.term > claim.term)) return null;
  const agree = replies.filter((r) => r.id === claim.id || r.leader === claim.id).length;
  return agree >= Math.floor(nodeCount / 2) + 1 ? claim.id : null;
}

/** Once every node has answered (or timed out): the highest-term claim, else the most-named leader. */
function fallback(replies: readonly StatusReply[]): string | null {
  const claim = replies.filter((r) => r.role === 'leader').sort((a, b) => b.term - a.term)[0];
  if (claim) return claim.id;
  const votes = new Map<string, number>();
  for (const r of replies) if (r.leader) votes.set(r.leader, (votes.get(r.leader) ?? 0) + 1);
  const best = [...votes.entries()].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : null;
}

/**
 * The leader, asked of every node at once. Answers as soon as a majority
 * agrees on a node that calls itself leader, so a leader-targeted fault is
 * not held up by the slowest node. Null when no node names a leader.
 */
export function storeLeader(cluster: Cluster): Promise<string | null> {
  return new Promise((resolve) => {
    const replies: StatusReply[] = [];
    let pending = cluster.nodes.length;
    let done = false;
    if (pending === 0) resolve(null);
    for (const n of cluster.nodes) {
      void statusOf(n.host, n.port).then((r) => {
        pending--;
        if (done) return;
        if (r !== null) replies.push(r);
        const early = settled(replies, cluster.nodes.length);
        if (early !== null || pending === 0) {
          done = true;
          resolve(early ?? fallback(replies));
        }
      });
    }
  });
}
