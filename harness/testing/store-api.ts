// The two calls of a store node's client API that cluster tests make: read
// its status and write one key. Answered by our store and by the local
// backend's stand-in store alike; the caller names the status fields it reads.
import type { Cluster, NodeInfo } from '../../core/cluster.ts';

/** The node with this id, or an error naming the ids there are. */
export function nodeOf(c: Pick<Cluster, 'nodes'>, id: string): NodeInfo {
  const n = c.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}; nodes are ${c.nodes.map((x) => x.id).join(', ')}`);
  return n;
}

/** GET /status of a node. */
export async function getStatus<T>(n: NodeInfo, timeoutMs = 2000): Promise<T> {
  const res = await fetch(`http://${n.host}:${n.port}/status`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  return (await res.json()) as T;
}

/** POST /write of key=value to a node; the store's answer, accepted or not. */
export async function postWrite(
  n: NodeInfo,
  key: string,
  value: number,
  timeoutMs = 3000,
): Promise<{ ok: boolean; lsn?: number }> {
  const res = await fetch(`http://${n.host}:${n.port}/write`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key, value }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return (await res.json()) as { ok: boolean; lsn?: number };
}
