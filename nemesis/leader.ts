// Who leads, as the reference store reports it on GET /status. The default
// FindLeader for nemeses; a target system other than our store passes its own.
import type { Cluster } from '../harness/cluster.ts';
import type { StatusReply } from '../store/protocol.ts';

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

/**
 * The node that says it is leader in the highest term; else the leader most
 * answering nodes name. Null when no node answers with a leader.
 */
export async function storeLeader(cluster: Cluster): Promise<string | null> {
  const replies = (await Promise.all(cluster.nodes.map((n) => statusOf(n.host, n.port)))).filter(
    (r): r is StatusReply => r !== null,
  );
  const self = replies.filter((r) => r.role === 'leader').sort((a, b) => b.term - a.term)[0];
  if (self) return self.id;
  const votes = new Map<string, number>();
  for (const r of replies) if (r.leader) votes.set(r.leader, (votes.get(r.leader) ?? 0) + 1);
  const best = [...votes.entries()].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : null;
}
