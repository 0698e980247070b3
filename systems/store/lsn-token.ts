// The lsn-token read policy: a session's token is the highest LSN it has
// written or read in each shard. Every read carries the whole token and the
// node waits, for each shard the read touches, until it has applied that
// shard's LSN. LSNs of different shards are separate sequences, so one number
// for all shards would make a read wait on another shard's position.
import type { Rng } from '../../core/rng.ts';
import type { ReadPolicy, ShardLsns } from './read-choice.ts';

/** The highest LSN seen per shard; only ever grows. */
export class ShardToken {
  private readonly lsns: Record<string, number> = {};

  see(shard: string, lsn: number): void {
    if (lsn > (this.lsns[shard] ?? 0)) this.lsns[shard] = lsn;
  }

  /** A copy, so a request in flight does not change under later updates. */
  snapshot(): ShardLsns {
    return { ...this.lsns };
  }
}

/** Any replica, but it must have applied everything this session has seen, shard by shard. */
export function lsnToken(rng: Rng): ReadPolicy {
  const token = new ShardToken();
  return {
    choose: (_p, nodes) => ({ node: rng.pick(nodes), minLsns: token.snapshot() }),
    wrote: (_n, shard, lsn) => token.see(String(shard), lsn),
    read: (_n, lsns) => {
      for (const [shard, lsn] of Object.entries(lsns)) token.see(shard, lsn);
    },
  };
}
