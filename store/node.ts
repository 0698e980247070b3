// A store node: one ShardReplica per shard, the client API (write, read,
// status, clock), and the node's single periodic tick. It never touches the
// network, files or real time; everything comes through Ports.
import type { ReadReply, StatusReply, Value } from './protocol.ts';
import type { PeerMessage } from './messages.ts';
import type { Ports } from './ports.ts';
import type { NodeConfig } from './config.ts';
import { initialShardLeader } from './config.ts';
import type { StorageRecord } from './records.ts';
import { ShardReplica } from './shard.ts';
import { notLeader, type Refusal, type WriteOutcome } from './outcomes.ts';
import { checkStatement, shardOf } from './values.ts';

export interface ReadQuery {
  readonly keys: readonly string[];
  /** Every shard the read touches must have applied this LSN (meaningful with one shard). */
  readonly minLsn?: number;
  /** Per-shard minimum LSNs (shard number as a string key), for sharded read-your-writes. */
  readonly minLsns?: Readonly<Record<string, number>>;
  readonly waitMs?: number;
  /** Serve only as the confirmed leader of every shard touched (see leaderRead). */
  readonly leader?: boolean;
}

/** How long a leader read waits, by default, for its term's first commit and for a majority. */
export const DEFAULT_LEADER_READ_WAIT_MS = 1000;

export type ReadOutcome = ReadReply | Refusal;

interface ReadWaiter {
  readonly ready: () => boolean;
  readonly finish: () => void;
  readonly timer: number;
}

export class StoreNode {
  readonly shards: ShardReplica[] = [];
  private tickTimer: number | null = null;
  private readWaiters: ReadWaiter[] = [];
  private stopped = false;

  constructor(
    readonly cfg: NodeConfig,
    private readonly ports: Ports,
  ) {
    for (let i = 0; i < cfg.shards; i++) {
      const leader = initialShardLeader(cfg, i);
      this.shards.push(new ShardReplica(i, cfg, leader, ports, () => this.onChanged()));
    }
  }

  /** Loads durable state, starts listening to peers and ticking. */
  start(): void {
    const records = this.ports.storage.load();
    const byShard = new Map<number, StorageRecord[]>();
    for (const r of records) {
      if (r.shard >= this.shards.length) {
        throw new Error(
          `data file has shard ${r.shard} but --shards is ${this.shards.length}; use the same --shards as before or a fresh --data-dir`,
        );
      }
      const list = byShard.get(r.shard) ?? [];
      list.push(r);
      byShard.set(r.shard, list);
    }
    for (const s of this.shards) s.start(byShard.get(s.shard) ?? [], records.length === 0);
    this.ports.transport.onMessage((from, msg) => this.receive(from, msg));
    this.scheduleTick();
  }

  stop(): void {
    this.stopped = true;
    if (this.tickTimer !== null) this.ports.timers.clear(this.tickTimer);
    this.tickTimer = null;
    for (const w of this.readWaiters) this.ports.timers.clear(w.timer);
    this.readWaiters = [];
  }

  receive(from: string, msg: PeerMessage): void {
    if (this.stopped) return;
    const shard = this.shards[msg.shard];
    if (!shard || !this.cfg.nodes.includes(from) || from === this.cfg.self) return;
    shard.handle(from, msg);
  }

  shardFor(key: string): ShardReplica {
    return this.shards[shardOf(key, this.shards.length)]!;
  }

  write(key: string, value: Value): Promise<WriteOutcome> {
    const bad = checkStatement(value);
    if (bad) return Promise.resolve(badRequest(bad));
    const shard = this.shardFor(key);
    if (this.stopped) return Promise.resolve(notLeader(shard.shard, null));
    return shard.write(key, value);
  }

  read(q: ReadQuery): Promise<ReadOutcome> {
    return q.leader ? this.leaderRead(q) : this.localRead(q);
  }

  /** From this node's own state, once it has applied what the query asks for. */
  private async localRead(q: ReadQuery): Promise<ReadOutcome> {
    const need = new Map<ShardReplica, number>();
    for (const key of q.keys) {
      const s = this.shardFor(key);
      need.set(s, Math.max(need.get(s) ?? 0, q.minLsn ?? 0, q.minLsns?.[String(s.shard)] ?? 0));
    }
    const refused = await this.waitApplied(need, q.waitMs ?? 0);
    return refused ?? this.readNow(q.keys);
  }

  /**
   * As the leader of every shard the read touches: once our term's first
   * entry is committed (we then hold everything earlier leaders committed),
   * and once a majority confirms no newer leader exists (read index), so a
   * deposed or brand-new leader never answers with older data than a client
   * already saw.
   */
  private async leaderRead(q: ReadQuery): Promise<ReadOutcome> {
    const shards = [...new Set(q.keys.map((k) => this.shardFor(k)))];
    const waitMs = q.waitMs ?? DEFAULT_LEADER_READ_WAIT_MS;
    const notLeading = (): Refusal | null => {
      if (this.stopped) return notLeader(shards[0]?.shard ?? 0, null);
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
        this.cfg.self,
        `this node leads shard ${fresh.shard} but has not committed its term's first entry (lsn ${fresh.termStartLsn}) within ${waitMs} ms, so it may not yet hold all that earlier leaders committed; retry shortly`,
      );
    }
    const confirmed = await Promise.all(shards.map((s) => s.confirmLeadership(waitMs)));
    const lost = notLeading();
    if (lost) return lost;
    if (confirmed.every(Boolean) && sameTerms()) return this.readNow(q.keys);
    const s = shards[Math.max(0, confirmed.indexOf(false))]!;
    return unconfirmed(
      this.cfg.self,
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
    const behind = (): Refusal => {
      const lagging = [...need].filter(([s, lsn]) => s.log.appliedLsn < lsn);
      const parts = lagging.map(
        ([s, lsn]) => `shard ${s.shard} at lsn ${s.log.appliedLsn} < ${lsn}`,
      );
      return {
        ok: false,
        error: 'behind',
        definite: true,
        // The leader of a shard that is behind: it has what the token asks for.
        leader: (lagging[0]?.[0] ?? this.shards[0]!).leader,
        message: `replica behind the requested position after ${waitMs} ms: ${parts.join(', ')}`,
      };
    };
    if (waitMs <= 0) return Promise.resolve(behind());
    return new Promise((resolve) => {
      const timer = this.ports.timers.set(() => {
        this.readWaiters = this.readWaiters.filter((w) => w.timer !== timer);
        resolve(behind());
      }, waitMs);
      this.readWaiters.push({ ready, timer, finish: () => resolve(null) });
    });
  }

  status(): StatusReply {
    const shards = this.shards.map((s) => s.status());
    const first = shards[0]!;
    return {
      id: this.cfg.self,
      role: first.role,
      leader: first.leader,
      term: first.term,
      lsn: first.lsn,
      appliedLsn: first.appliedLsn,
      clockMs: this.ports.clock.nowMs(),
      clockOffsetMs: this.ports.clock.offsetMs(),
      followers: first.followers,
      ...(first.lagOps !== undefined ? { lagOps: first.lagOps, lagMs: first.lagMs ?? 0 } : {}),
      shards,
      replication: this.cfg.replication,
      logFormat: this.cfg.logFormat,
    };
  }

  setClockOffset(offsetMs: number): void {
    this.ports.clock.setOffsetMs(offsetMs);
    this.ports.log(`clock offset set to ${offsetMs} ms`);
  }

  private readNow(keys: readonly string[]): ReadReply {
    const values: Record<string, Value> = {};
    const versions: Record<string, number> = {};
    const lsns: Record<string, number> = {};
    for (const key of keys) {
      const s = this.shardFor(key);
      const v = s.log.get(key);
      values[key] = v?.value ?? null;
      versions[key] = v?.version ?? 0;
      lsns[String(s.shard)] = s.log.appliedLsn;
    }
    const lsn =
      this.shards.length === 1 ? this.shards[0]!.log.appliedLsn : Math.min(...Object.values(lsns));
    return {
      ok: true,
      node: this.cfg.self,
      lsn,
      values,
      versions,
      ...(this.shards.length > 1 ? { lsns } : {}),
    };
  }

  private onChanged(): void {
    if (this.readWaiters.length === 0) return;
    const done = this.readWaiters.filter((w) => w.ready());
    if (done.length === 0) return;
    this.readWaiters = this.readWaiters.filter((w) => !done.includes(w));
    for (const w of done) {
      this.ports.timers.clear(w.timer);
      w.finish();
    }
  }

  private scheduleTick(): void {
    this.tickTimer = this.ports.timers.set(() => {
      if (this.stopped) return;
      for (const s of this.shards) s.tick();
      this.scheduleTick();
    }, this.cfg.heartbeatMs);
  }
}

function unconfirmed(self: string, message: string): Refusal {
  return { ok: false, error: 'unconfirmed', definite: true, leader: self, message };
}

function badRequest(message: string): Refusal {
  return { ok: false, error: 'bad-request', definite: true, message };
}
