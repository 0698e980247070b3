// The follower's side of one shard: match the leader's log, repair gaps and
// conflicts, apply strictly in LSN order. Pure functions over the log, so the
// rules can be read (and tested) apart from roles and terms.
import type { AppendMsg, AppendReplyMsg, SnapshotMsg } from './messages.ts';
import type { ReplicaLog } from './replica-log.ts';

export interface FollowResult {
  readonly reply: AppendReplyMsg;
  /** Entries this replica discarded because the leader does not have them. */
  readonly discarded: number;
  /** Whether the applied state changed. */
  readonly changed: boolean;
  /** What the leader lets us apply (its commit point, within what matches); 0 on a refusal. */
  readonly commitTargetLsn: number;
}

/**
 * Applies an append from the current leader. Reply ok: our log equals the
 * leader's up to reply.lsn. Not ok: resend from reply.lsn + 1 (a gap, or a
 * conflict we cut off). `due` bounds what may be applied now (a delayed replica holds the rest).
 */
export function applyAppend(
  log: ReplicaLog,
  m: AppendMsg,
  ourTerm: number,
  due: (targetLsn: number) => number = (lsn) => lsn,
): FollowResult {
  const nack = (lsn: number, discarded: number, needSnapshot = false): FollowResult => ({
    reply: {
      type: 'append-reply',
      shard: m.shard,
      term: ourTerm,
      ok: false,
      lsn,
      appliedLsn: log.appliedLsn,
      ...(needSnapshot ? { needSnapshot } : {}),
    },
    discarded,
    changed: discarded > 0,
    commitTargetLsn: 0,
  });
  // Gap: we never got what precedes these entries; ask for everything after what we have.
  if (m.prevLsn > log.lastLsn) return nack(log.lastLsn, 0);
  if (m.prevLsn >= log.firstLsn - 1) {
    const have = log.termAt(m.prevLsn);
    if (have !== m.prevTerm) {
      if (m.prevLsn < log.firstLsn) return nack(0, 0, true);
      // Our entry at prevLsn came from a leader whose writes lost: cut it and
      // everything after, and hint where its term began so repair takes one round trip per term.
      let hint = m.prevLsn - 1;
      while (hint >= log.firstLsn && log.termAt(hint) === have) hint--;
      const discarded = log.truncateFrom(m.prevLsn);
      return nack(hint, discarded);
    }
  }
  let discarded = 0;
  let changed = false;
  for (const e of m.entries) {
    if (e.lsn < log.firstLsn) continue;
    const have = log.termAt(e.lsn);
    if (have === e.term) continue;
    if (have !== undefined) discarded += log.truncateFrom(e.lsn);
    log.append(e);
    changed = true;
  }
  const matched = m.prevLsn + m.entries.length;
  discarded += dropStaleTail(log, m.leaderLsn, m.term);
  // Only what is verified to match the leader may become visible.
  const commitTargetLsn = Math.min(m.commitLsn, matched);
  if (log.commit(due(commitTargetLsn))) changed = true;
  return {
    reply: {
      type: 'append-reply',
      shard: m.shard,
      term: ourTerm,
      ok: true,
      lsn: matched,
      appliedLsn: log.appliedLsn,
    },
    discarded,
    changed: changed || discarded > 0,
    commitTargetLsn,
  };
}

/** Installs a snapshot unless we already hold its position. */
export function applySnapshot(log: ReplicaLog, m: SnapshotMsg, ourTerm: number): FollowResult {
  const reply = (ok: boolean, lsn: number): AppendReplyMsg => ({
    type: 'append-reply',
    shard: m.shard,
    term: ourTerm,
    ok,
    lsn,
    appliedLsn: log.appliedLsn,
  });
  // Our readers already saw more than this snapshot holds (a new leader whose
  // commit point has not caught up yet): going back would break monotonic
  // reads, so ask for entries instead.
  if (m.lsn < log.appliedLsn)
    return { reply: reply(false, log.lastLsn), discarded: 0, changed: false, commitTargetLsn: 0 };
  let changed = false;
  if (log.termAt(m.lsn) !== m.lsnTerm) {
    log.installSnapshot(m.lsn, m.lsnTerm, m.rows);
    changed = true;
  } else if (log.commit(m.lsn)) changed = true;
  const discarded = dropStaleTail(log, m.leaderLsn, m.term);
  return {
    reply: reply(true, m.lsn),
    discarded,
    changed: changed || discarded > 0,
    commitTargetLsn: m.lsn,
  };
}

/**
 * A leader of term T holds entries of older terms only up to the LSN it had
 * when elected (<= leaderLsn); so ours past leaderLsn with a term below T were
 * never replicated by anyone who counts, and must go.
 */
function dropStaleTail(log: ReplicaLog, leaderLsn: number, leaderTerm: number): number {
  const t = log.termAt(leaderLsn + 1);
  if (t === undefined || t >= leaderTerm || leaderLsn + 1 < log.firstLsn) return 0;
  return log.truncateFrom(leaderLsn + 1);
}
