// One shard's replication group as seen from this node: role, term, leader,
// and the transitions between them. Leader-side shipping lives in leader.ts,
// follower-side log repair in follower.ts, elections in election.ts.
import type { ShardStatus, Value } from './protocol.ts';
import type { PeerMessage, VoteMsg, VoteReplyMsg } from './messages.ts';
import type { Ports } from './ports.ts';
import type { ReplicaConfig } from './config.ts';
import type { StorageRecord } from './records.ts';
import { ReplicaLog } from './replica-log.ts';
import { LeaderReplication } from './leader.ts';
import { applyAppend, applySnapshot } from './follower.ts';
import { Election } from './election.ts';
import { notLeader, type WriteOutcome } from './outcomes.ts';
import { evaluate } from './values.ts';
import { dueLsn } from './apply-delay.ts';

export type Role = ShardStatus['role'];

export class ShardReplica {
  role: Role = 'follower';
  leader: string | null = null;
  term = 1;
  votedFor: string | null = null;
  readonly log: ReplicaLog;
  /** Last time we heard from the leader we follow (monotonic). */
  lastLeaderContactMonoMs: number;
  private repl: LeaderReplication | null = null;
  private readonly election: Election;
  /** The leader's last LSN as it last told us. */
  private knownLeaderLsn = 0;
  private behindSinceMonoMs: number | null = null;
  /** What the leader last let us apply; a delayed replica catches up to it on its ticks. */
  private commitTargetLsn = 0;
  /**
   * As leader, the LSN of our term's first entry: until it is committed we may
   * not know all that earlier leaders committed, so leader reads wait for it.
   */
  termStartLsn = 0;

  constructor(
    readonly shard: number,
    readonly cfg: ReplicaConfig,
    private readonly initialLeader: string,
    private readonly ports: Ports,
    private readonly onChanged: () => void,
  ) {
    const evalCtx = { nowMs: () => ports.clock.nowMs(), random: () => ports.random.next() };
    this.log = new ReplicaLog(shard, ports.storage, evalCtx, () => ports.clock.monoMs());
    this.lastLeaderContactMonoMs = ports.clock.monoMs();
    this.election = new Election(this);
  }

  /** Rebuilds from this shard's records; `fresh` when the node has never run before. */
  start(records: readonly StorageRecord[], fresh: boolean): void {
    for (const r of records) {
      if (r.t === 'term') {
        this.term = r.term;
        this.votedFor = r.vote;
      } else this.log.replay(r);
    }
    // A restarted node may have missed a failover, so with failover on it waits to hear a leader.
    if (fresh || this.cfg.failoverTimeoutMs === 0) {
      if (this.initialLeader === this.cfg.self) this.becomeLeader('configured leader');
      else this.leader = this.initialLeader;
    }
    this.logLine(
      `start term ${this.term} lsn ${this.log.lastLsn} role ${this.role} leader ${this.leader ?? '?'}`,
    );
  }

  logLine(line: string): void {
    this.ports.log(`shard ${this.shard}: ${line}`);
  }

  send(to: string, msg: PeerMessage): void {
    this.ports.transport.send(to, msg);
  }

  monoMs(): number {
    return this.ports.clock.monoMs();
  }

  random(): number {
    return this.ports.random.next();
  }

  write(key: string, value: Value): Promise<WriteOutcome> {
    if (this.role !== 'leader' || !this.repl) {
      return Promise.resolve(notLeader(this.shard, this.role === 'candidate' ? null : this.leader));
    }
    const stmt = this.cfg.logFormat === 'statement';
    const lsn = this.log.lastLsn + 1;
    const entry = {
      lsn,
      term: this.term,
      key,
      // Row-based: the leader evaluates once and ships the result.
      value: stmt
        ? value
        : evaluate(value, { nowMs: () => this.ports.clock.nowMs(), random: () => this.random() }),
      stmt,
      tsMs: this.ports.clock.nowMs(),
    };
    this.log.append(entry);
    this.repl.onAppended(lsn);
    return this.repl.waitForAck(lsn);
  }

  handle(from: string, m: PeerMessage): void {
    switch (m.type) {
      case 'append':
      case 'snapshot': {
        if (!this.acceptLeader(from, m.term)) {
          this.send(from, {
            type: 'append-reply',
            shard: this.shard,
            term: this.term,
            ok: false,
            lsn: this.log.lastLsn,
          });
          return;
        }
        const r =
          m.type === 'append'
            ? applyAppend(this.log, m, this.term, (lsn) => this.dueLsn(lsn))
            : applySnapshot(this.log, m, this.term);
        // A refusal may have cut entries: never let a held target reach what replaced them.
        this.commitTargetLsn = r.reply.ok
          ? r.commitTargetLsn
          : Math.min(this.commitTargetLsn, this.log.lastLsn);
        if (r.discarded > 0) {
          this.logLine(
            `discarded ${r.discarded} unreplicated entries (leader ${from}, term ${m.term})`,
          );
        }
        if (m.type === 'snapshot' && r.changed && this.log.firstLsn === m.lsn + 1) {
          this.logLine(`installed snapshot at lsn ${m.lsn}`);
        }
        this.knownLeaderLsn = Math.max(m.leaderLsn, this.log.lastLsn);
        this.trackLag();
        if (r.changed) this.onChanged();
        this.send(from, m.round === undefined ? r.reply : { ...r.reply, round: m.round });
        return;
      }
      case 'append-reply':
        if (m.term > this.term) {
          this.stepDown(m.term, null, `${from} has newer term ${m.term}`);
          return;
        }
        if (m.term === this.term && this.repl) this.repl.onReply(from, m);
        return;
      case 'prevote':
      case 'vote':
        this.election.onRequest(from, m as VoteMsg);
        return;
      case 'prevote-reply':
      case 'vote-reply':
        this.election.onReply(from, m as VoteReplyMsg);
        return;
    }
  }

  /**
   * Whether this node may serve a read as the leader: it leads, and a majority
   * still followed it after the read arrived. Only with safe failover can
   * another leader exist; the unsafe variant, like a leader without fencing,
   * trusts itself.
   */
  async confirmLeadership(timeoutMs: number): Promise<boolean> {
    if (this.role !== 'leader' || !this.repl) return false;
    if (this.cfg.failoverTimeoutMs === 0 || this.cfg.unsafeFailover) return true;
    return this.repl.confirm(timeoutMs);
  }

  /** Periodic: heartbeats and quorum check on a leader, failure detection elsewhere. */
  tick(): void {
    if (this.role === 'leader' && this.repl) {
      this.repl.tick();
      const checkQuorum = this.cfg.failoverTimeoutMs > 0 && !this.cfg.unsafeFailover;
      if (checkQuorum && !this.repl.hasQuorumContact()) {
        this.stepDown(this.term, null, 'lost contact with a majority');
        this.lastLeaderContactMonoMs = this.monoMs();
      }
      return;
    }
    if (this.cfg.failoverTimeoutMs > 0) this.election.tick();
    if (this.cfg.applyDelayMs > 0 && this.log.commit(this.dueLsn(this.commitTargetLsn)))
      this.onChanged();
    this.trackLag();
  }

  /** Up to where a follower may apply now: all of targetLsn, unless it is a delayed replica. */
  private dueLsn(targetLsn: number): number {
    return dueLsn(this.log, targetLsn, this.ports.clock.nowMs(), this.cfg.applyDelayMs);
  }

  /** Whether we heard from a live leader recently (a prevote must not depose it). */
  leaderAlive(): boolean {
    if (this.role === 'leader') return true;
    return (
      this.leader !== null &&
      this.monoMs() - this.lastLeaderContactMonoMs < this.cfg.failoverTimeoutMs
    );
  }

  /** Adopts a newer term; a leader steps down (fencing), pending writes become indefinite. */
  stepDown(term: number, leader: string | null, reason: string): void {
    if (this.role === 'leader' && this.cfg.unsafeFailover) return;
    if (term > this.term) this.setTerm(term, null);
    if (this.repl) {
      this.repl.stop(reason);
      this.repl = null;
    }
    if (this.role !== 'follower' || this.leader !== leader) {
      this.logLine(`follower in term ${this.term}, leader ${leader ?? '?'} (${reason})`);
    }
    this.role = 'follower';
    this.leader = leader;
  }

  setTerm(term: number, vote: string | null): void {
    this.term = term;
    this.votedFor = vote;
    this.ports.storage.append({ t: 'term', shard: this.shard, term, vote });
  }

  becomeCandidate(): void {
    this.role = 'candidate';
    this.leader = null;
  }

  /** elected: append a no-op of the new term, whose commit commits everything before it. */
  becomeLeader(reason: string, elected = false): void {
    this.role = 'leader';
    // Held entries are the leader's to commit now; a later follower term starts from a new target.
    this.commitTargetLsn = 0;
    this.leader = this.cfg.self;
    this.repl = new LeaderReplication({
      onCommit: () => this.onChanged(),
      cfg: this.cfg,
      shard: this.shard,
      term: this.term,
      log: this.log,
      clock: this.ports.clock,
      timers: this.ports.timers,
      send: (to, msg) => this.send(to, msg),
      logLine: (line) => this.logLine(line),
    });
    this.logLine(`leader in term ${this.term} at lsn ${this.log.lastLsn} (${reason})`);
    this.termStartLsn = 0;
    if (elected) {
      const lsn = this.log.lastLsn + 1;
      this.termStartLsn = lsn;
      const tsMs = this.ports.clock.nowMs();
      this.log.append({
        lsn,
        term: this.term,
        key: '',
        value: null,
        stmt: false,
        tsMs,
        noop: true,
      });
      this.repl.onAppended(lsn);
    }
    this.repl.tick();
  }

  status(): ShardStatus {
    const base = {
      shard: this.shard,
      role: this.role,
      leader: this.leader,
      term: this.term,
      lsn: this.log.lastLsn,
      appliedLsn: this.log.appliedLsn,
      followers: this.repl?.followers() ?? {},
    };
    if (this.role === 'leader') return base;
    const lagOps = Math.max(0, this.knownLeaderLsn - this.log.lastLsn);
    const lagMs =
      this.behindSinceMonoMs === null ? 0 : Math.round(this.monoMs() - this.behindSinceMonoMs);
    return { ...base, lagOps, lagMs };
  }

  /** Append or snapshot from `from` in `term`: follow it, or refuse a deposed leader. */
  private acceptLeader(from: string, term: number): boolean {
    if (term < this.term) return false;
    if (this.role === 'leader' && from !== this.cfg.self) {
      // Without fencing an old leader keeps its crown: that is the split brain --unsafe-failover shows.
      if (this.cfg.unsafeFailover) return false;
      if (term === this.term) {
        this.logLine(`two leaders in term ${term} (${from}); refusing`);
        return false;
      }
    }
    if (term > this.term || this.role !== 'follower' || this.leader !== from) {
      this.stepDown(term, from, `heard leader ${from}`);
    }
    this.lastLeaderContactMonoMs = this.monoMs();
    this.election.reset();
    return true;
  }

  private trackLag(): void {
    if (this.log.lastLsn >= this.knownLeaderLsn) this.behindSinceMonoMs = null;
    else if (this.behindSinceMonoMs === null) this.behindSinceMonoMs = this.monoMs();
  }
}
