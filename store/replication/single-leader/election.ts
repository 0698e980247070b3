// Leader election for one shard, Raft-style with a pre-vote round: a
// follower that stops hearing its leader first asks whether a majority would
// vote for it (without touching anyone's term), then runs for the next term.
// Votes go only to candidates whose log is at least as up to date, so the
// winner is the most up-to-date reachable replica of a majority.
//
// --unsafe-failover keeps the pre-vote as a probe of reachable replicas but
// promotes without a majority, so a minority side elects its own leader.
import type { VoteMsg, VoteReplyMsg } from './messages.ts';
import { majority } from './config.ts';
import type { ReplicaConfig } from './config.ts';
import type { PeerMessage } from './messages.ts';
import type { Role } from './protocol.ts';
import type { ReplicaLog } from './replica-log.ts';

/** What an election reads of its shard and the transitions it drives (ShardReplica is one). */
export interface ElectionHost {
  readonly shard: number;
  readonly cfg: ReplicaConfig;
  readonly log: ReplicaLog;
  readonly role: Role;
  readonly term: number;
  readonly leader: string | null;
  readonly votedFor: string | null;
  monoMs(): number;
  random(): number;
  send(to: string, msg: PeerMessage): void;
  logLine(line: string): void;
  /** Whether we heard from a live leader recently (a prevote must not depose it). */
  leaderAlive(): boolean;
  stepDown(term: number, leader: string | null, reason: string): void;
  setTerm(term: number, vote: string | null): void;
  becomeCandidate(): void;
  becomeLeader(reason: string, elected?: boolean): void;
}

interface Round {
  readonly kind: 'prevote' | 'vote';
  /** Term asked about. */
  readonly term: number;
  readonly grants: Set<string>;
  denials: number;
}

export class Election {
  private round: Round | null = null;
  private deadlineMonoMs = 0;

  constructor(private readonly s: ElectionHost) {
    this.reset();
  }

  /** Heard a leader (or voted): postpone our own candidacy by a fresh random timeout. */
  reset(): void {
    this.round = null;
    const timeoutMs = this.s.cfg.failoverTimeoutMs;
    // The jitter keeps followers from running at the same moment and splitting the vote.
    this.deadlineMonoMs = this.s.monoMs() + timeoutMs + this.s.random() * (timeoutMs / 2);
  }

  tick(): void {
    const now = this.s.monoMs();
    if (now < this.deadlineMonoMs) return;
    const r = this.round;
    if (r && r.kind === 'prevote' && this.s.cfg.unsafeFailover && r.denials === 0) {
      this.promote(`no reachable replica objected (${r.grants.size - 1} answered)`);
      return;
    }
    if (this.s.role === 'candidate') this.s.stepDown(this.s.term, null, 'election timed out');
    this.startPrevote();
  }

  onRequest(from: string, m: VoteMsg): void {
    const s = this.s;
    const reply = (granted: boolean): void =>
      s.send(from, {
        type: m.type === 'prevote' ? 'prevote-reply' : 'vote-reply',
        shard: s.shard,
        term: s.term,
        forTerm: m.term,
        granted,
      });
    const ours = { lsn: s.log.lastLsn, term: s.log.lastTerm };
    const cmp = compareLogs({ lsn: m.lastLsn, term: m.lastTerm }, ours);
    if (m.type === 'prevote') {
      if (s.cfg.unsafeFailover) {
        // The probe only asks "is a leader alive, or is someone better placed than you?"
        reply(!s.leaderAlive() && (cmp > 0 || (cmp === 0 && from < s.cfg.self)));
        return;
      }
      reply(m.term > s.term && !s.leaderAlive() && cmp >= 0);
      return;
    }
    if (m.term > s.term) s.stepDown(m.term, null, `${from} runs in term ${m.term}`);
    const granted =
      m.term === s.term &&
      s.role !== 'leader' &&
      (s.votedFor === null || s.votedFor === from) &&
      cmp >= 0;
    if (granted) {
      if (s.votedFor !== from) s.setTerm(s.term, from);
      this.reset();
    }
    reply(granted);
  }

  onReply(from: string, m: VoteReplyMsg): void {
    const s = this.s;
    if (m.term > s.term && s.role !== 'leader') {
      s.stepDown(m.term, null, `${from} is in newer term ${m.term}`);
      this.round = null;
      return;
    }
    const r = this.round;
    const kind = m.type === 'prevote-reply' ? 'prevote' : 'vote';
    if (!r || r.kind !== kind || r.term !== m.forTerm) return;
    if (!m.granted) {
      r.denials++;
      return;
    }
    r.grants.add(from);
    if (s.cfg.unsafeFailover) return;
    if (r.grants.size < majority(s.cfg.nodes.length)) return;
    if (kind === 'prevote') this.startVote();
    else if (s.role === 'candidate' && s.term === r.term) {
      this.round = null;
      s.becomeLeader(`won election with ${[...r.grants].join(',')}`, true);
    }
  }

  private startPrevote(): void {
    const s = this.s;
    this.reset();
    if (s.cfg.unsafeFailover) {
      // Probe for one heartbeat period, then decide at the next tick.
      this.deadlineMonoMs = s.monoMs() + 2 * s.cfg.heartbeatMs;
    }
    this.round = { kind: 'prevote', term: s.term + 1, grants: new Set([s.cfg.self]), denials: 0 };
    s.logLine(`leader ${s.leader ?? '?'} silent; prevote for term ${s.term + 1}`);
    this.broadcast('prevote', s.term + 1);
    if (!s.cfg.unsafeFailover && 1 >= majority(s.cfg.nodes.length)) this.startVote();
  }

  private startVote(): void {
    const s = this.s;
    s.setTerm(s.term + 1, s.cfg.self);
    s.becomeCandidate();
    this.reset();
    this.round = { kind: 'vote', term: s.term, grants: new Set([s.cfg.self]), denials: 0 };
    s.logLine(`candidate in term ${s.term} at lsn ${s.log.lastLsn}`);
    this.broadcast('vote', s.term);
    if (1 >= majority(s.cfg.nodes.length)) {
      this.round = null;
      s.becomeLeader('single node', true);
    }
  }

  private promote(reason: string): void {
    const s = this.s;
    s.setTerm(s.term + 1, s.cfg.self);
    this.reset();
    s.becomeLeader(`unsafe failover: ${reason}`, true);
  }

  private broadcast(type: 'prevote' | 'vote', term: number): void {
    const s = this.s;
    for (const peer of s.cfg.nodes) {
      if (peer === s.cfg.self) continue;
      s.send(peer, {
        type,
        shard: s.shard,
        term,
        lastLsn: s.log.lastLsn,
        lastTerm: s.log.lastTerm,
      });
    }
  }
}

/** Raft's "at least as up to date": later last term wins, then longer log. */
export function compareLogs(
  a: { lsn: number; term: number },
  b: { lsn: number; term: number },
): number {
  if (a.term !== b.term) return a.term - b.term;
  return a.lsn - b.lsn;
}
