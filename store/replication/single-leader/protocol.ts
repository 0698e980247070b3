// What single-leader adds to the store's client API (store/protocol.ts):
// read options (LSN tokens, leader reads), the fields of its replies, its
// status, and the key-to-shard hash a client needs to route by shard. Shared
// by the mode and the store's client (systems/store), so both agree.
import type {
  ReadReply,
  ReadRequest,
  RequestOptions,
  StatusEnvelope,
  WriteReply,
} from '../../protocol.ts';
import { isJsonObject, type JsonObject } from '../../protocol.ts';
import type { Parsed } from '../mode.ts';

/** POST /read options. */
export interface ReadOptions {
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
   * (read index); else 503 "not-leader" (redirects to the leader) or
   * "unconfirmed". Waits up to waitMs (default 1000) for each.
   */
  readonly leader?: boolean;
}

export type SingleLeaderReadRequest = ReadRequest & ReadOptions;

/** The fields a write reply carries beside the core's (version is the lsn). */
export interface WriteFields {
  /** Log sequence number the write was given. */
  readonly lsn: number;
  readonly term: number;
  /** Shard the key belongs to (0 without sharding); LSNs and terms are per shard. */
  readonly shard: number;
}

export type SingleLeaderWriteReply = WriteReply & WriteFields;

/** The fields a read reply carries; its versions are the LSNs of the writes read (0: absent). */
export interface ReadFields {
  /** The node's applied LSN when it answered. */
  readonly lsn: number;
  /** With --shards > 1: applied LSN per shard touched (lsn is then their minimum). */
  readonly lsns?: Readonly<Record<string, number>>;
}

export type SingleLeaderReadReply = ReadReply & ReadFields;

export type Role = 'leader' | 'follower' | 'candidate';

// Status shapes are type aliases, not interfaces, so they are JSON objects to the type checker.
export type FollowerStatus = {
  /** What the follower has made visible to its readers (as it last said). */
  readonly appliedLsn: number;
  /** How far the follower's log is known to match the leader's. */
  readonly lsn?: number;
  /** Entries the follower's log lacks, and how long the oldest of them has waited. */
  readonly lagOps: number;
  readonly lagMs: number;
};

export type ShardStatus = {
  readonly shard: number;
  readonly role: Role;
  readonly leader: string | null;
  readonly term: number;
  /** Highest LSN in this node's log. */
  readonly lsn: number;
  /** Highest LSN applied to this node's key-value state. */
  readonly appliedLsn: number;
  /** Leaders report each follower's position as they last heard it. */
  readonly followers: Readonly<Record<string, FollowerStatus>>;
  /** Followers: how far behind the leader they know they are. */
  readonly lagOps?: number;
  readonly lagMs?: number;
};

/** The mode's status fields: shard 0's at the top level, and every shard in `shards`. */
export type ModeStatus = Omit<ShardStatus, 'shard'> & {
  readonly shards?: readonly ShardStatus[];
  /** "async" | "sync" | "semi-sync" */
  readonly replication?: string;
  /** "row" | "statement" */
  readonly logFormat?: string;
};

/** GET /status of a single-leader node. */
export type StatusReply = StatusEnvelope & ModeStatus;

/** Whether a node's status is a single-leader node's. */
export function isSingleLeaderStatus(s: JsonObject): s is StatusReply {
  return s.mode === 'single-leader' && typeof s.role === 'string' && typeof s.term === 'number';
}

/** Each shard of a status; a node that lists none reports shard 0 in its top-level fields. */
export function statusShards(s: StatusReply): readonly ShardStatus[] {
  return s.shards ?? [{ ...s, shard: 0 }];
}

/** A reply's own field, read from outside its declared shape. */
function field(reply: object, name: string): unknown {
  return (reply as Readonly<Record<string, unknown>>)[name];
}

const natOr0 = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) ? v : 0);

/** The single-leader fields of a write reply (0 where a reply lacks them). */
export function writeFields(reply: WriteReply): WriteFields {
  return {
    lsn: natOr0(field(reply, 'lsn')),
    term: natOr0(field(reply, 'term')),
    shard: natOr0(field(reply, 'shard')),
  };
}

/** The single-leader fields of a read reply (lsn 0 where a reply lacks it). */
export function readFields(reply: ReadReply): ReadFields {
  const lsns = field(reply, 'lsns');
  return {
    lsn: natOr0(field(reply, 'lsn')),
    ...(isJsonObject(lsns) ? { lsns: lsns as Record<string, number> } : {}),
  };
}

/** FNV-1a: stable across processes and versions, unlike anything seeded. */
export function shardOf(key: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}

/** Longest a read may ask to wait for its position. */
const MAX_WAIT_MS = 60_000;
const READ_OPTIONS = ['minLsn', 'minLsns', 'waitMs', 'leader'];

const no = (message: string): { ok: false; message: string } => ({ ok: false, message });
const isNat = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
const natMessage = (name: string, v: unknown, max = Number.MAX_SAFE_INTEGER): string =>
  `"${name}" must be an integer between 0 and ${max}, got ${JSON.stringify(v)}`;

/** A read's options; null stands for absent in minLsn and waitMs. */
export function parseReadOptions(raw: RequestOptions): Parsed<ReadOptions> {
  const unknown = Object.keys(raw).filter((k) => !READ_OPTIONS.includes(k));
  if (unknown.length > 0)
    return no(
      `unknown read option ${unknown.map((k) => `"${k}"`).join(', ')} for --mode single-leader; known: ${READ_OPTIONS.join(', ')}`,
    );
  const minLsn = raw.minLsn ?? undefined;
  if (minLsn !== undefined && !isNat(minLsn)) return no(natMessage('minLsn', minLsn));
  const waitMs = raw.waitMs ?? undefined;
  if (waitMs !== undefined && !isNat(waitMs, MAX_WAIT_MS))
    return no(natMessage('waitMs', waitMs, MAX_WAIT_MS));
  const m = raw.minLsns;
  if (m !== undefined && !(isJsonObject(m) && Object.values(m).every((v) => isNat(v))))
    return no('"minLsns" must be an object of shard -> non-negative integer LSN');
  const leader = raw.leader;
  if (leader !== undefined && typeof leader !== 'boolean')
    return no(`"leader" must be true or false, got ${JSON.stringify(leader)}`);
  const value: ReadOptions = {
    ...(minLsn !== undefined ? { minLsn } : {}),
    ...(waitMs !== undefined ? { waitMs } : {}),
    ...(m !== undefined ? { minLsns: m as Record<string, number> } : {}),
    ...(leader ? { leader } : {}),
  };
  return { ok: true, value };
}

/** Single-leader writes take no options. */
export function parseWriteOptions(raw: RequestOptions): Parsed<Record<string, never>> {
  const unknown = Object.keys(raw);
  if (unknown.length === 0) return { ok: true, value: {} };
  return no(
    `unknown write field ${unknown.map((k) => `"${k}"`).join(', ')}; --mode single-leader takes {"key", "value"} only`,
  );
}
