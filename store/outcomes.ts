// What the core answers a client; the HTTP layer maps these to status codes.

export interface WriteOk {
  readonly ok: true;
  readonly shard: number;
  readonly lsn: number;
  readonly term: number;
}

export interface Refusal {
  readonly ok: false;
  /** "not-leader" | "behind" | "unconfirmed" | "timeout" | "leader-changed" | "bad-request" */
  readonly error: string;
  /** True only when the write certainly did not and will not happen. */
  readonly definite: boolean;
  readonly leader?: string | null;
  readonly message: string;
}

export type WriteOutcome = WriteOk | Refusal;

export function notLeader(shard: number, leader: string | null): Refusal {
  return {
    ok: false,
    error: 'not-leader',
    definite: true,
    leader,
    message:
      leader === null
        ? `no leader known for shard ${shard} (election in progress); retry shortly`
        : `this node does not lead shard ${shard}; send writes and leader reads to ${leader}`,
  };
}
