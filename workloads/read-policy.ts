// Read policies: where a session sends its reads, and what it asks the node
// to wait for. They are how a client buys read-your-writes or monotonic reads
// from an asynchronously replicated store (DDIA 5.2).
import type { NodeInfo } from '../harness/cluster.ts';
import type { Rng } from '../harness/rng.ts';

export interface ReadChoice {
  /** The node to read from; null means "the leader" (found by the client). */
  readonly node: NodeInfo | null;
  /** Ask the node to answer only once it has applied this LSN. */
  readonly minLsn?: number;
}

export interface ReadPolicy {
  choose(process: number, nodes: readonly NodeInfo[], leader: () => NodeInfo | null): ReadChoice;
  /** The session's write was acknowledged with this LSN. */
  wrote(node: string, lsn: number): void;
  /** The session's read was served at this LSN. */
  read(node: string, lsn: number): void;
}

export const READ_POLICIES = ['leader', 'any', 'sticky', 'lsn-token'] as const;

export class UnknownReadPolicyError extends Error {
  constructor(name: string) {
    super(`unknown read policy "${name}"; expected one of: ${READ_POLICIES.join(', ')}`);
    this.name = 'UnknownReadPolicyError';
  }
}

const ignore = (): void => {};

export function readPolicy(name: string, rng: Rng): ReadPolicy {
  switch (name) {
    case 'leader':
      return { choose: (_p, _n, leader) => ({ node: leader() }), wrote: ignore, read: ignore };
    case 'any':
      return { choose: (_p, nodes) => ({ node: rng.pick(nodes) }), wrote: ignore, read: ignore };
    case 'sticky':
      // The same replica for the whole session: monotonic reads, not read-your-writes.
      return {
        choose: (p, nodes) => ({ node: nodes[p % nodes.length] ?? null }),
        wrote: ignore,
        read: ignore,
      };
    case 'lsn-token':
      return lsnToken(rng);
    default:
      throw new UnknownReadPolicyError(name);
  }
}

/** Any replica, but it must have applied everything this session has seen. */
function lsnToken(rng: Rng): ReadPolicy {
  let seenLsn = 0;
  return {
    choose: (_p, nodes) => ({ node: rng.pick(nodes), minLsn: seenLsn }),
    wrote: (_n, lsn) => {
      seenLsn = Math.max(seenLsn, lsn);
    },
    read: (_n, lsn) => {
      seenLsn = Math.max(seenLsn, lsn);
    },
  };
}
