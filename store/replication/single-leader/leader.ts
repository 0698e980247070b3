// The leader's side of one shard: what each follower holds, shipping entries
// and snapshots, heartbeats, and holding writes until their replication mode
// is satisfied.
import type { FollowerStatus } from './protocol.ts';
import type { AppendReplyMsg, PeerMessage } from './messages.ts';
import type { Clock, Timers } from '../../ports.ts';
import type { ReplicaConfig } from './config.ts';
import { majority } from './config.ts';
import type { ReplicaLog } from './replica-log.ts';
import type { WriteOutcome } from '../../outcomes.ts';
import { leaderChanged, writeOk, writeTimeout } from './refusals.ts';
import { ReadIndex } from './read-index.ts';

interface Progress {
  /** Next LSN to ship. */
  nextLsn: number;
  /** Highest LSN the follower confirmed matches our log. */
  matchLsn: number;
  /** Highest LSN the follower said it made visible to its readers. */
  appliedLsn: number;
  lastReplyMonoMs: number;
  /** Don't resend a snapshot before this (it may be large and still in flight). */
  snapshotHoldUntilMonoMs: number;
  /** Until the follower first answers, its position is a guess: no retransmits, no snapshots. */
  heard: boolean;
}

interface Waiter {
  readonly lsn: number;
  readonly resolve: (o: WriteOutcome) => void;
  readonly timer: number;
}

export interface LeaderDeps {
  /** Called when the commit point moves (reads may now see more). */
  onCommit(): void;
  readonly cfg: ReplicaConfig;
  readonly shard: number;
  readonly term: number;
  readonly log: ReplicaLog;
  readonly clock: Clock;
  readonly timers: Timers;
  send(to: string, msg: PeerMessage): void;
  logLine(line: string): void;
}

export class LeaderReplication {
  private readonly progress = new Map<string, Progress>();
  private waiters: Waiter[] = [];
  private readonly readIndex: ReadIndex;

  constructor(private readonly d: LeaderDeps) {
    this.readIndex = new ReadIndex(d.cfg.nodes.length, d.timers);
    const now = d.clock.monoMs();
    for (const peer of d.cfg.nodes) {
      if (peer === d.cfg.self) continue;
      // Optimistic start: assume followers match our log; a mismatch reply backs nextLsn up.
      this.progress.set(peer, {
        nextLsn: d.log.lastLsn + 1,
        matchLsn: 0,
        appliedLsn: 0,
        lastReplyMonoMs: now,
        snapshotHoldUntilMonoMs: 0,
        heard: false,
      });
    }
  }

  /** Followers whose acknowledgement a write needs under the replication mode. */
  requiredAcks(): number {
    const followers = this.progress.size;
    if (this.d.cfg.bug === 'ack-before-sync') return 0;
    switch (this.d.cfg.replication) {
      case 'sync':
        return followers;
      case 'semi-sync':
        return Math.min(this.d.cfg.syncFollowers, followers);
      case 'async':
        return 0;
    }
  }

  /** Ships a just-appended entry to followers that are keeping up. */
  onAppended(lsn: number): void {
    this.advanceCommit();
    for (const [peer, p] of this.progress) {
      if (p.nextLsn === lsn) this.sendTo(peer, p);
    }
  }

  /** Resolves once the write at lsn is acknowledged per mode, or times out (indefinite). */
  waitForAck(lsn: number): Promise<WriteOutcome> {
    const ok = writeOk(this.d.shard, lsn, this.d.term);
    if (this.acknowledged(lsn)) return Promise.resolve(ok);
    return new Promise((resolve) => {
      const timer = this.d.timers.set(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        resolve(
          writeTimeout(
            `write at lsn ${lsn} not acknowledged by ${this.requiredAcks()} follower(s) within ${this.d.cfg.writeTimeoutMs} ms (${this.d.cfg.replication}); it may still be applied`,
          ),
        );
      }, this.d.cfg.writeTimeoutMs);
      this.waiters.push({ lsn, resolve: (o) => resolve(o.ok ? ok : o), timer });
    });
  }

  onReply(from: string, m: AppendReplyMsg): void {
    const p = this.progress.get(from);
    if (!p) return;
    p.lastReplyMonoMs = this.d.clock.monoMs();
    p.heard = true;
    this.readIndex.onReply(from, m.round);
    if (m.appliedLsn !== undefined && m.appliedLsn > p.appliedLsn) {
      p.appliedLsn = m.appliedLsn;
      this.releaseWaiters();
    }
    if (m.ok) {
      if (m.lsn > p.matchLsn) {
        p.matchLsn = m.lsn;
        this.advanceCommit();
      }
      if (p.nextLsn <= p.matchLsn) p.nextLsn = p.matchLsn + 1;
      const inFlight = p.nextLsn - 1 - p.matchLsn;
      if (p.nextLsn <= this.d.log.lastLsn && inFlight < this.d.cfg.maxBatchOps)
        this.sendTo(from, p);
      return;
    }
    p.matchLsn = Math.min(p.matchLsn, m.lsn);
    p.nextLsn = Math.min(m.lsn + 1, this.d.log.lastLsn + 1);
    if (m.needSnapshot) p.nextLsn = 0;
    this.sendTo(from, p);
  }

  /** Heartbeat: resend whatever a follower has not confirmed, or an empty append. */
  tick(): void {
    for (const [peer, p] of this.progress) {
      if (p.heard && p.matchLsn < this.d.log.lastLsn && p.nextLsn > 0) p.nextLsn = p.matchLsn + 1;
      this.sendTo(peer, p);
    }
  }

  /** Whether a majority still follows us: see ReadIndex.confirm. */
  confirm(timeoutMs: number): Promise<boolean> {
    return this.readIndex.confirm(timeoutMs, () => {
      for (const [peer, p] of this.progress) this.sendTo(peer, p);
    });
  }

  /** Whether a majority (self included) answered within the failover timeout. */
  hasQuorumContact(): boolean {
    const since = this.d.clock.monoMs() - this.d.cfg.failoverTimeoutMs;
    let n = 1;
    for (const p of this.progress.values()) if (p.lastReplyMonoMs >= since) n++;
    return n >= majority(this.d.cfg.nodes.length);
  }

  /** Leadership ended: pending writes may or may not survive, so they are indefinite. */
  stop(reason: string): void {
    for (const w of this.waiters) {
      this.d.timers.clear(w.timer);
      w.resolve(
        leaderChanged(
          `leader stepped down (${reason}) before the write at lsn ${w.lsn} was acknowledged; it may or may not survive`,
        ),
      );
    }
    this.waiters = [];
    this.readIndex.stop();
  }

  followers(): Record<string, FollowerStatus> {
    const out: Record<string, FollowerStatus> = {};
    const last = this.d.log.lastLsn;
    const now = this.d.clock.monoMs();
    for (const [peer, p] of this.progress) {
      const lagOps = Math.max(0, last - p.matchLsn);
      const oldest = lagOps > 0 ? this.d.log.seenMonoMs(p.matchLsn + 1) : undefined;
      out[peer] = {
        appliedLsn: p.appliedLsn,
        lsn: p.matchLsn,
        lagOps,
        lagMs: oldest === undefined ? 0 : Math.max(0, Math.round(now - oldest)),
      };
    }
    return out;
  }

  /**
   * The commit point: the highest LSN held by as many followers as the mode
   * requires. Only an entry of our own term is counted (older ones commit with
   * it), else a replica count could commit an entry a newer leader overwrites.
   */
  private advanceCommit(): void {
    const { log, term } = this.d;
    const need = this.requiredAcks();
    let n = log.lastLsn;
    if (need > 0) {
      const matches = [...this.progress.values()].map((p) => p.matchLsn).sort((a, b) => b - a);
      n = Math.min(n, matches[need - 1] ?? 0);
    }
    if (n <= log.appliedLsn || log.termAt(n) !== term) return;
    log.commit(n);
    this.d.onCommit();
    // Tell followers at once: a synchronous write is acknowledged only once they show it.
    if (need > 0) for (const [peer, p] of this.progress) this.sendTo(peer, p);
    this.releaseWaiters();
  }

  /**
   * Committed, and visible on as many followers as the mode requires (like
   * PostgreSQL's remote_apply): a client that reads a synchronous follower
   * right after the acknowledgement sees its write.
   */
  private acknowledged(lsn: number): boolean {
    if (this.d.log.appliedLsn < lsn) return false;
    let n = 0;
    for (const p of this.progress.values()) if (p.appliedLsn >= lsn) n++;
    return n >= this.requiredAcks();
  }

  private releaseWaiters(): void {
    const done = this.waiters.filter((w) => this.acknowledged(w.lsn));
    if (done.length === 0) return;
    this.waiters = this.waiters.filter((w) => !done.includes(w));
    for (const w of done) {
      this.d.timers.clear(w.timer);
      w.resolve(writeOk(this.d.shard, w.lsn, this.d.term));
    }
  }

  /** nextLsn 0 (or below the log's start, or too far behind) means: send a snapshot. */
  private sendTo(peer: string, p: Progress): void {
    const { log, cfg, shard, term } = this.d;
    // A snapshot holds only committed state: worth it when it skips enough entries.
    const skipped = log.appliedLsn - (p.nextLsn - 1);
    const worthIt = p.heard && skipped > cfg.snapshotAfterOps;
    if (p.nextLsn < log.firstLsn || worthIt) {
      const now = this.d.clock.monoMs();
      if (now < p.snapshotHoldUntilMonoMs) return;
      const snap = log.snapshot();
      this.d.send(peer, {
        type: 'snapshot',
        shard,
        term,
        lsn: snap.lsn,
        lsnTerm: snap.term,
        rows: snap.rows,
        leaderLsn: log.lastLsn,
        round: this.readIndex.round,
      });
      this.d.logLine(
        `shard ${shard}: snapshot at lsn ${snap.lsn} (${snap.rows.length} keys) to ${peer}`,
      );
      p.snapshotHoldUntilMonoMs = now + Math.max(1000, 10 * cfg.heartbeatMs);
      p.nextLsn = snap.lsn + 1;
      return;
    }
    const prevLsn = p.nextLsn - 1;
    const entries = log.slice(p.nextLsn, cfg.maxBatchOps);
    this.d.send(peer, {
      type: 'append',
      shard,
      term,
      prevLsn,
      prevTerm: log.termAt(prevLsn) ?? 0,
      entries,
      leaderLsn: log.lastLsn,
      commitLsn: log.appliedLsn,
      round: this.readIndex.round,
    });
    p.nextLsn += entries.length;
  }
}
