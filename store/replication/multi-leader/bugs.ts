// Multi-leader's deliberate bugs (store/replication/bugs.ts): each is named
// and does one wrong thing, for measuring whether splitbrain notices it.
import type { RegisterVersion } from './messages.ts';

export const BUGS = {
  'causality-by-timestamp':
    "a node takes a peer's write whose wall-clock timestamp is older than the version it holds as already seen and drops it, instead of comparing version vectors (after a node's clock ran ahead, its peers drop its later writes under siblings and replica-id, and the replicas diverge)",
} as const;

export type BugName = keyof typeof BUGS;

/**
 * causality-by-timestamp: whether a peer's version is dropped, because some
 * version held here carries a later timestamp; the node's own writes are kept.
 */
export function droppedByTimestamp(
  self: string,
  held: readonly RegisterVersion[],
  incoming: RegisterVersion,
): boolean {
  return incoming.node !== self && held.some((v) => v.ts > incoming.ts);
}
