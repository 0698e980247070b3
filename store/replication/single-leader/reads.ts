// Reads of a single-leader node: from its own replicas once they have applied
// what the read's LSN token asks (else "behind"), or, as a leader read, only
// as the confirmed leader of every shard touched. Reads that wait are woken
// when a shard applies more.
import type { Timers } from '../../ports.ts';
import type { Value } from '../../protocol.ts';
import type { ReadOutcome, Refusal } from '../../outcomes.ts';
import type { ReadOptions } from './protocol.ts';
import type { ShardReplica } from './shard.ts';
import { behind, notLeader, unconfirmed } from './refusals.ts';

/** How long a leader read waits, by default, for its term's first commit and for a majority. */
const DEFAULT_LEADER_READ_WAIT_MS = 1000;

interface ReadWaiter {
  readonly ready: () => boolean;
  readonly finish: () => void;
  readonly timer: number;
}

export interface ReadDeps {
  readonly shards: readonly ShardReplica[];
  shardFor(key: string): ShardReplica;
  readonly timers: Timers;
  stopped(): boolean;
  /** follower-reads-past-applied (bugs.ts): answer token reads without waiting. */
  readonly readsPastApplied?: boolean;
}

export class Reads {
  private waiters: ReadWaiter[] = [];

  constructor(private readonly d: ReadDeps) {}

  read(keys: readonly string[], q: ReadOptions): Promise<ReadOutcome> {
    return q.leader ? this.leaderRead(keys, q) : this.localRead(keys, q);
  }

  /** A shard applied more: reads waiting for it may answer now. */
  onChanged(): void {
    if (this.waiters.length === 0) return;
    const done = this.waiters.filter((w) => w.ready());
    if (done.length === 0) return;
    this.waiters = this.waiters.filter((w) => !done.includes(w));
    for (const w of done) {
      this.d.timers.clear(w.timer);
      w.finish();
    }
  }

  stop(): void {
    for (const w of this.waiters) this.d.timers.clear(w.timer);
    this.waiters = [];
  }

  /** From this node's own state, once it has applied what the query asks for. */
  private async localRead(keys: readonly string[], q: ReadOptions): Promise<ReadOutcome> {
    const need = new Map<ShardReplica, number>();
    for (const key of keys) {
      const s = this.d.shardFor(key);
      need.set(s, Math.max(need.get(s) ?? 0, q.minLsn ?? 0, q.minLsns?.[String(s.shard)] ?? 0));
    }
    if (this.d.readsPastApplied) return this.readNow(keys);
    const refused = await this.waitApplied(need, q.waitMs ?? 0);
    return refused ?? this.readNow(keys);
  }

  /**
   * As the leader of every shard the read touches: once our term's first
   * entry is committed (we then hold everything earlier leaders committed),
   * and once a majority confirms no newer leader exists (read index), so a
   * deposed or brand-new leader never answers with older data than a client
   * already saw.
   */
  private async leaderRead(keys: readonly string[], q: ReadOptions): Promise<ReadOutcome> {
    const shards = [...new Set(keys.map((k) => this.d.shardFor(k)))];
    const waitMs = q.waitMs ?? DEFAULT_LEADER_READ_WAIT_MS;
    const notLeading = (): Refusal | null => {
      if (this.d.stopped()) return notLeader(shards[0]?.shard ?? 0, null);
      const s = shards.find((x) => x.role !== 'leader');
      return s ? notLeader(s.shard, s.role === 'candidate' ? null : s.leader) : null;
    };
    const first = notLeading();
    if (first) return first;
    // Everything below must happen within the term the read found.
    const terms = shards.map((s) => s.term);
    const sameTerms = (): boolean => shards.every((s, i) => s.term === terms[i]);
    const need = new Map<ShardReplica, number>();
    for (const s of shards) {
      const asked = Math.max(q.minLsn ?? 0, q.minLsns?.[String(s.shard)] ?? 0);
      need.set(s, Math.max(asked, s.termStartLsn));
    }
    const refused = await this.waitApplied(need, waitMs);
    if (refused) {
      const lostWhileWaiting = notLeading();
      if (lostWhileWaiting) return lostWhileWaiting;
      const fresh = shards.find((s) => s.log.appliedLsn < s.termStartLsn);
      if (!fresh) return refused;
      return unconfirmed(
        `this node leads shard ${fresh.shard} but has not committed its term's first entry (lsn ${fresh.termStartLsn}) within ${waitMs} ms, so it may not yet hold all that earlier leaders committed; retry shortly`,
      );
    }
    const confirmed = await Promise.all(shards.map((s) => s.confirmLeadership(waitMs)));
    const lost = notLeading();
    if (lost) return lost;
    if (confirmed.every(Boolean) && sameTerms()) return this.readNow(keys);
    const s = shards[Math.max(0, confirmed.indexOf(false))]!;
    return unconfirmed(
      `could not confirm within ${waitMs} ms that this node still leads shard ${s.shard} (no majority answered); retry, or read elsewhere`,
    );
  }

  /** Null once every shard has applied its LSN in need; "behind" after waitMs. */
  private waitApplied(
    need: ReadonlyMap<ShardReplica, number>,
    waitMs: number,
  ): Promise<Refusal | null> {
    const ready = (): boolean => [...need].every(([s, lsn]) => s.log.appliedLsn >= lsn);
    if (ready()) return Promise.resolve(null);
    const refuse = (): Refusal => {
      const lagging = [...need].filter(([s, lsn]) => s.log.appliedLsn < lsn);
      const parts = lagging.map(
        ([s, lsn]) => `shard ${s.shard} at lsn ${s.log.appliedLsn} < ${lsn}`,
      );
      // The leader of a shard that is behind: it has what the token asks for.
      return behind(
        (lagging[0]?.[0] ?? this.d.shards[0]!).leader,
        `replica behind the requested position after ${waitMs} ms: ${parts.join(', ')}`,
      );
    };
    if (waitMs <= 0) return Promise.resolve(refuse());
    return new Promise((resolve) => {
      const timer = this.d.timers.set(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        resolve(refuse());
      }, waitMs);
      this.waiters.push({ ready, timer, finish: () => resolve(null) });
    });
  }

  private readNow(keys: readonly string[]): ReadOutcome {
    const values: Record<string, Value> = {};
    const versions: Record<string, number> = {};
    const lsns: Record<string, number> = {};
    for (const key of keys) {
      const s = this.d.shardFor(key);
      const v = s.log.get(key);
      values[key] = v?.value ?? null;
      versions[key] = v?.version ?? 0;
      lsns[String(s.shard)] = s.log.appliedLsn;
    }
    const sharded = this.d.shards.length > 1;
    const lsn = sharded ? Math.min(...Object.values(lsns)) : this.d.shards[0]!.log.appliedLsn;
    return { ok: true, values, versions, fields: { lsn, ...(sharded ? { lsns } : {}) } };
  }
}
