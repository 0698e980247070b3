// One shard's replication group as seen from this node: role, term, leader,
// and the transitions between them. Incoming messages are shard-messages.ts
// (the mode hands it each message with the shard it names), leader-side
// shipping leader.ts, follower-side log repair follower.ts, elections
// election.ts.
import type { Value } from '../../protocol.ts';
import type { WriteOutcome } from '../../outcomes.ts';
import type { PeerMessage } from './messages.ts';
import type { ReplicaConfig, SingleLeaderContext } from './config.ts';
import type { StorageRecord } from './records.ts';
import type { Role, ShardStatus } from './protocol.ts';
import { ReplicaLog } from './replica-log.ts';
import { LeaderReplication } from './leader.ts';
import { Election } from './election.ts';
import { notLeader } from './refusals.ts';
import { evaluate } from '../../values.ts';
import { dueLsn } from './apply-delay.ts';

export class ShardReplica {
  role: Role = 'follower';
  leader: string | null = null;
  term = 1;
  votedFor: string | null = null;
  readonly log: ReplicaLog;
  /** Last time we heard from the leader we follow (monotonic). */
  lastLeaderContactMonoMs: number;
  /** Our leader side while we lead. */
  repl: LeaderReplication | null = null;
  readonly election: Election;
  /** The leader's last LSN as it last told us. */
  knownLeaderLsn = 0;
  private behindSinceMonoMs: number | null = null;
  /** What the leader last let us apply; a delayed replica catches up to it on its ticks. */
  commitTargetLsn = 0;
  /**
   * As leader, the LSN of our term's first entry: until it is committed we may
   * not know all that earlier leaders committed, so leader reads wait for it.
   */
  termStartLsn = 0;

  constructor(
    readonly shard: number,
    readonly cfg: ReplicaConfig,
    private readonly initialLeader: string,
    private readonly ctx: SingleLeaderContext,
    /** What reads can see changed (waiting reads may answer now). */
    readonly onChanged: () => void,
  ) {
    const evalCtx = { nowMs: () => ctx.clock.nowMs(), random: () => ctx.random.next() };
    const persist = (r: StorageRecord): void => ctx.persist(r);
    this.log = new ReplicaLog(shard, persist, evalCtx, () => ctx.clock.monoMs());
    this.lastLeaderContactMonoMs = ctx.clock.monoMs();
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
    this.ctx.log(`shard ${this.shard}: ${line}`);
  }

  send(to: string, msg: PeerMessage): void {
    this.ctx.send(to, msg);
  }

  monoMs(): number {
    return this.ctx.clock.monoMs();
  }

  random(): number {
    return this.ctx.random.next();
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
        : evaluate(value, { nowMs: () => this.ctx.clock.nowMs(), random: () => this.random() }),
      stmt,
      tsMs: this.ctx.clock.nowMs(),
    };
    this.log.append(entry);
    this.repl.onAppended(lsn);
    return this.repl.waitForAck(lsn);
  }

  /**
   * Whether this node may serve a read as the leader: it leads, and a majority
   * still followed it after the read arrived. Only with safe failover can
   * another leader exist; the unsafe variant, like a leader without fencing,
   * trusts itself.
   */
  async confirmLeadership(timeoutMs: number): Promise<boolean> {
    if (this.role !== 'leader' || !this.repl) return false;
    if (this.cfg.bug === 'leader-reads-unconfirmed') return true;
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
  dueLsn(targetLsn: number): number {
    return dueLsn(this.log, targetLsn, this.ctx.clock.nowMs(), this.cfg.applyDelayMs);
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
    this.ctx.persist({ t: 'term', shard: this.shard, term, vote });
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
      clock: this.ctx.clock,
      timers: this.ctx.timers,
      send: (to, msg) => this.send(to, msg),
      logLine: (line) => this.logLine(line),
    });
    this.logLine(`leader in term ${this.term} at lsn ${this.log.lastLsn} (${reason})`);
    this.termStartLsn = 0;
    if (elected) {
      const lsn = this.log.lastLsn + 1;
      this.termStartLsn = lsn;
      const tsMs = this.ctx.clock.nowMs();
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

  /** Follower lag bookkeeping: since when our log has been behind what the leader told us. */
  trackLag(): void {
    if (this.log.lastLsn >= this.knownLeaderLsn) this.behindSinceMonoMs = null;
    else if (this.behindSinceMonoMs === null) this.behindSinceMonoMs = this.monoMs();
  }
}
