// Read policies: where a session sends its reads, and what it asks the node
// to wait for. They are how a client buys read-your-writes or monotonic reads
// from an asynchronously replicated store (DDIA 5.2). One instance serves one
// session: what it remembers (a token, the time of a write) is that session's.
import type { Clock } from '../../core/clock.ts';
import type { Rng } from '../../core/rng.ts';
import { lsnToken } from './lsn-token.ts';
import type { ReadChoice, ReadPolicy } from './read-choice.ts';
import { didYouMean } from '../../core/suggest.ts';

const LEADER: ReadChoice = { leader: true };

export const READ_POLICIES = ['leader', 'any', 'sticky', 'lsn-token', 'leader-window'] as const;

export const DEFAULT_LEADER_WINDOW_MS = 1000;

export class UnknownReadPolicyError extends Error {
  constructor(name: string) {
    super(
      `unknown read policy "${name}"${didYouMean(name, READ_POLICIES)}; expected one of: ${READ_POLICIES.join(', ')}`,
    );
    this.name = 'UnknownReadPolicyError';
  }
}

export interface ReadPolicyOptions {
  readonly rng: Rng;
  /** The run's clock (virtual in the simulation): leader-window measures on it. */
  readonly clock: Clock;
  readonly leaderWindowMs?: number;
}

const ignore = (): void => {};

/** A fresh policy for one session. */
export function readPolicy(name: string, opts: ReadPolicyOptions): ReadPolicy {
  const { rng } = opts;
  switch (name) {
    case 'leader':
      return { choose: () => LEADER, wrote: ignore, read: ignore };
    case 'any':
      return { choose: (_p, nodes) => ({ node: rng.pick(nodes) }), wrote: ignore, read: ignore };
    case 'sticky':
      // The same replica for the whole session: monotonic reads, not read-your-writes.
      return {
        choose: (p, nodes) => ({ node: nodes[p % nodes.length]! }),
        wrote: ignore,
        read: ignore,
      };
    case 'lsn-token':
      return lsnToken(rng);
    case 'leader-window':
      return leaderWindow(opts.clock, opts.leaderWindowMs ?? DEFAULT_LEADER_WINDOW_MS, rng);
    default:
      throw new UnknownReadPolicyError(name);
  }
}

/**
 * The leader for windowMs after the session's last acknowledged write, any
 * replica otherwise. It gives read-your-writes only while replication lag
 * stays under the window: a replica cut off for longer still serves old data.
 */
function leaderWindow(clock: Clock, windowMs: number, rng: Rng): ReadPolicy {
  let lastWriteNs: number | null = null;
  return {
    choose: (_p, nodes) => {
      const inWindow = lastWriteNs !== null && clock.nowNs() - lastWriteNs < windowMs * 1e6;
      return inWindow ? LEADER : { node: rng.pick(nodes) };
    },
    wrote: () => {
      lastWriteNs = clock.nowNs();
    },
    read: ignore,
  };
}
