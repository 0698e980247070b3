// Where a session's reads go on a real target. Redis and PostgreSQL have a
// fixed primary (n1 as we launch them, the first --nodes entry of an external
// cluster), so "leader" and "primary" mean that node; "replicas" is any other
// node, the setup that trades read-your-writes for read scaling (DDIA 5.2).
import type { NodeInfo } from '../core/cluster.ts';
import type { Rng } from '../core/rng.ts';

export const TARGET_READ_POLICIES = ['primary', 'leader', 'replicas', 'any', 'sticky'] as const;

/** The node a read goes to; the primary is the first node. */
export function targetReadNode(
  policy: string,
  process: number,
  nodes: readonly NodeInfo[],
  rng: Rng,
): NodeInfo {
  const primary = nodes[0]!;
  const replicas = nodes.length > 1 ? nodes.slice(1) : nodes;
  switch (policy) {
    case 'replicas':
      return rng.pick(replicas);
    case 'any':
      return rng.pick(nodes);
    case 'sticky':
      // The same node for the whole session: monotonic reads, not read-your-writes.
      return nodes[process % nodes.length]!;
    default:
      return primary;
  }
}
