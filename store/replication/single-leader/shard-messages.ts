// What a shard does with each peer message: a leader's append or snapshot
// is followed (or refused when that leader is deposed), a follower's reply
// goes to our leader side, votes go to the election. The transitions they
// cause (stepping down, following) are the shard's (shard.ts).
import type { AppendMsg, PeerMessage, SnapshotMsg } from './messages.ts';
import type { ShardReplica } from './shard.ts';
import { applyAppend, applySnapshot } from './follower.ts';

export function handleMessage(s: ShardReplica, from: string, m: PeerMessage): void {
  switch (m.type) {
    case 'append':
    case 'snapshot':
      followLeader(s, from, m);
      return;
    case 'append-reply':
      if (m.term > s.term) {
        s.stepDown(m.term, null, `${from} has newer term ${m.term}`);
        return;
      }
      if (m.term === s.term && s.repl) s.repl.onReply(from, m);
      return;
    case 'prevote':
    case 'vote':
      s.election.onRequest(from, m);
      return;
    case 'prevote-reply':
    case 'vote-reply':
      s.election.onReply(from, m);
      return;
  }
}

/** Applies a leader's append or snapshot and answers it, or refuses a deposed leader. */
function followLeader(s: ShardReplica, from: string, m: AppendMsg | SnapshotMsg): void {
  if (!acceptLeader(s, from, m.term)) {
    s.send(from, {
      type: 'append-reply',
      shard: s.shard,
      term: s.term,
      ok: false,
      lsn: s.log.lastLsn,
    });
    return;
  }
  const r =
    m.type === 'append'
      ? applyAppend(s.log, m, s.term, (lsn) => s.dueLsn(lsn))
      : applySnapshot(s.log, m, s.term);
  // A refusal may have cut entries: never let a held target reach what replaced them.
  s.commitTargetLsn = r.reply.ok ? r.commitTargetLsn : Math.min(s.commitTargetLsn, s.log.lastLsn);
  if (r.discarded > 0) {
    s.logLine(`discarded ${r.discarded} unreplicated entries (leader ${from}, term ${m.term})`);
  }
  if (m.type === 'snapshot' && r.changed && s.log.firstLsn === m.lsn + 1) {
    s.logLine(`installed snapshot at lsn ${m.lsn}`);
  }
  s.knownLeaderLsn = Math.max(m.leaderLsn, s.log.lastLsn);
  s.trackLag();
  if (r.changed) s.onChanged();
  s.send(from, m.round === undefined ? r.reply : { ...r.reply, round: m.round });
}

/** Append or snapshot from `from` in `term`: follow it, or refuse a deposed leader. */
function acceptLeader(s: ShardReplica, from: string, term: number): boolean {
  if (term < s.term && s.cfg.bug !== 'failover-without-fencing') return false;
  if (s.role === 'leader' && from !== s.cfg.self) {
    // Without fencing an old leader keeps its crown: that is the split brain --unsafe-failover shows.
    if (s.cfg.unsafeFailover) return false;
    if (term === s.term) {
      s.logLine(`two leaders in term ${term} (${from}); refusing`);
      return false;
    }
  }
  if (term > s.term || s.role !== 'follower' || s.leader !== from) {
    s.stepDown(term, from, `heard leader ${from}`);
  }
  s.lastLeaderContactMonoMs = s.monoMs();
  s.election.reset();
  return true;
}
