// Peer-to-peer messages. Every message names its shard (a replication group)
// and the sender's term; the transport adds the sender id.
import { isLogEntry, isSnapshotRow, type LogEntry, type SnapshotRow } from './records.ts';

/** Leader → follower: entries after prevLsn (empty: heartbeat). */
export interface AppendMsg {
  readonly type: 'append';
  readonly shard: number;
  readonly term: number;
  readonly prevLsn: number;
  readonly prevTerm: number;
  readonly entries: readonly LogEntry[];
  /** Leader's last LSN when it sent this, so the follower knows how far behind it is. */
  readonly leaderLsn: number;
  /** Entries up to here are committed: the follower may make them visible. */
  readonly commitLsn: number;
  /** The leader's confirmation round when it sent this; the reply echoes it (read index). */
  readonly round?: number;
}

/** Follower → leader. ok: the follower's log matches the leader's up to lsn. */
export interface AppendReplyMsg {
  readonly type: 'append-reply';
  readonly shard: number;
  readonly term: number;
  readonly ok: boolean;
  /** ok: matched up to here. Not ok: resend from lsn + 1. */
  readonly lsn: number;
  /** The follower cannot be repaired by entries (its log starts past them). */
  readonly needSnapshot?: boolean;
  /** What the follower has made visible to its readers. */
  readonly appliedLsn?: number;
  /** Echo of the round of the message answered: the follower still followed us after it began. */
  readonly round?: number;
}

/** Leader → follower: the whole state at the leader's lsn, to start from. */
export interface SnapshotMsg {
  readonly type: 'snapshot';
  readonly shard: number;
  readonly term: number;
  readonly lsn: number;
  readonly lsnTerm: number;
  readonly rows: readonly SnapshotRow[];
  readonly leaderLsn: number;
  readonly round?: number;
}

/**
 * prevote asks "would you vote for me?" without disturbing anyone's term, so a
 * node cut off in a minority cannot depose a healthy leader when it returns.
 */
export interface VoteMsg {
  readonly type: 'prevote' | 'vote';
  readonly shard: number;
  /** The term the candidate would run in (prevote) or runs in (vote). */
  readonly term: number;
  readonly lastLsn: number;
  readonly lastTerm: number;
}

export interface VoteReplyMsg {
  readonly type: 'prevote-reply' | 'vote-reply';
  readonly shard: number;
  /** The voter's own term. */
  readonly term: number;
  /** Echo of the term asked about, so stale replies are recognised. */
  readonly forTerm: number;
  readonly granted: boolean;
}

export type PeerMessage = AppendMsg | AppendReplyMsg | SnapshotMsg | VoteMsg | VoteReplyMsg;

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
const isNat = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isOptNat = (x: unknown): boolean => x === undefined || isNat(x);

/** Type guard for a frame from the network: a peer may be a different build or bytes may be mangled. */
export function isPeerMessage(x: unknown): x is PeerMessage {
  if (!isObj(x) || !isNat(x.shard) || !isNat(x.term) || !isOptNat(x.round)) return false;
  switch (x.type) {
    case 'append':
      return (
        isNat(x.prevLsn) &&
        isNat(x.prevTerm) &&
        isNat(x.leaderLsn) &&
        isNat(x.commitLsn) &&
        Array.isArray(x.entries) &&
        x.entries.every(isLogEntry)
      );
    case 'append-reply':
      return typeof x.ok === 'boolean' && isNat(x.lsn) && isOptNat(x.appliedLsn);
    case 'snapshot':
      return (
        isNat(x.lsn) &&
        isNat(x.lsnTerm) &&
        isNat(x.leaderLsn) &&
        Array.isArray(x.rows) &&
        x.rows.every(isSnapshotRow)
      );
    case 'prevote':
    case 'vote':
      return isNat(x.lastLsn) && isNat(x.lastTerm);
    case 'prevote-reply':
    case 'vote-reply':
      return isNat(x.forTerm) && typeof x.granted === 'boolean';
    default:
      return false;
  }
}
