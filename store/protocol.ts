// The store's client API (HTTP/1.1, JSON bodies). Shared by the store's HTTP
// layer and the workload's client adapter, so both sides agree on one shape.

/** JSON values the store keeps under a key. */
export type Value = null | boolean | number | string | Value[] | { [k: string]: Value };

/** POST /write */
export interface WriteRequest {
  readonly key: string;
  readonly value: Value;
}

/** POST /read — one or several keys, served by the node it is sent to. */
export interface ReadRequest {
  readonly keys: readonly string[];
  /**
   * Read-your-writes token: the node answers only once it has applied this
   * LSN (waiting up to waitMs), else 503 with error "behind".
   */
  readonly minLsn?: number;
  readonly waitMs?: number;
  /**
   * With --shards > 1: per-shard read-your-writes tokens, shard number (as a
   * string) -> LSN, from WriteReply.shard and .lsn. minLsn, if also given,
   * applies to every shard the read touches.
   */
  readonly minLsns?: Readonly<Record<string, number>>;
  /**
   * Serve only as the leader of every shard the read touches, once its term's
   * first entry is committed and a majority has confirmed it still leads
   * (read index); else 503 "not-leader" (names the leader) or "unconfirmed".
   * Waits up to waitMs (default 1000) for each.
   */
  readonly leader?: boolean;
}

export interface WriteReply {
  readonly ok: true;
  /** Node id that served the request. */
  readonly node: string;
  /** Log sequence number the write was given. */
  readonly lsn: number;
  readonly term: number;
  /** Shard the key belongs to (0 without sharding); LSNs and terms are per shard. */
  readonly shard?: number;
}

export interface ReadReply {
  readonly ok: true;
  readonly node: string;
  /** The node's applied LSN when it answered. */
  readonly lsn: number;
  /** key -> value (null: key absent). */
  readonly values: Readonly<Record<string, Value>>;
  /** key -> LSN of the write that produced the value (0: absent). */
  readonly versions: Readonly<Record<string, number>>;
  /** With --shards > 1: applied LSN per shard touched (lsn is then their minimum). */
  readonly lsns?: Readonly<Record<string, number>>;
}

/**
 * Error bodies. `definite` is true when the write certainly did not and will
 * not happen (the client records fail); false when it may have (info).
 */
export interface ErrorReply {
  readonly ok: false;
  readonly node: string;
  /**
   * "not-leader" (503, definite) | "behind" (503, definite) | "bad-request"
   * (400, definite) | "timeout" (504, indefinite: the write may still apply) |
   * "leader-changed" (503, indefinite: the leader stepped down mid-write) |
   * "unconfirmed" (503, definite: a leader read found no majority) |
   * "not-found" (404).
   */
  readonly error: string;
  readonly definite: boolean;
  /** The node's idea of the current leader, for redirects. */
  readonly leader?: string | null;
  readonly message?: string;
}

export interface FollowerStatus {
  /** What the follower has made visible to its readers (as it last said). */
  readonly appliedLsn: number;
  /** How far the follower's log is known to match the leader's. */
  readonly lsn?: number;
  /** Entries the follower's log lacks, and how long the oldest of them has waited. */
  readonly lagOps: number;
  readonly lagMs: number;
}

/** GET /status */
export interface StatusReply {
  readonly id: string;
  readonly role: 'leader' | 'follower' | 'candidate';
  readonly leader: string | null;
  readonly term: number;
  /** Highest LSN in this node's log. */
  readonly lsn: number;
  /** Highest LSN applied to this node's key-value state. */
  readonly appliedLsn: number;
  /** The node's own wall-clock reading (ms since epoch), offset included. */
  readonly clockMs: number;
  readonly clockOffsetMs: number;
  /** Leaders report each follower's position as they last heard it. */
  readonly followers: Readonly<Record<string, FollowerStatus>>;
  /** Followers: how far behind the leader they know they are. */
  readonly lagOps?: number;
  readonly lagMs?: number;
  /** Per shard detail (one entry without sharding); the top-level fields repeat shard 0. */
  readonly shards?: readonly ShardStatus[];
  /** "async" | "sync" | "semi-sync" */
  readonly replication?: string;
  /** "row" | "statement" */
  readonly logFormat?: string;
}

export interface ShardStatus {
  readonly shard: number;
  readonly role: 'leader' | 'follower' | 'candidate';
  readonly leader: string | null;
  readonly term: number;
  readonly lsn: number;
  readonly appliedLsn: number;
  readonly followers: Readonly<Record<string, FollowerStatus>>;
  readonly lagOps?: number;
  readonly lagMs?: number;
}

/** POST /clock: sets the store's own clock offset (for clock faults without libfaketime). */
export interface ClockRequest {
  readonly offsetMs: number;
}

/** Each shard of a status; a node that lists none reports shard 0 in its top-level fields. */
export function statusShards(s: StatusReply): readonly ShardStatus[] {
  return s.shards ?? [{ ...s, shard: 0 }];
}
