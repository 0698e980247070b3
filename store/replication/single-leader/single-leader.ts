// One node of --mode single-leader: a ShardReplica per shard (each its own
// replication group with a leader), writes sent to the key's shard, reads
// served by Reads, and the shards' status. DDIA 5.1-5.2.
import type { Value } from '../../protocol.ts';
import type { WriteOutcome, ReadOutcome } from '../../outcomes.ts';
import type { ReplicationMode } from '../mode.ts';
import type { NodeConfig, SingleLeaderContext } from './config.ts';
import { initialShardLeader } from './config.ts';
import type { PeerMessage } from './messages.ts';
import type { StorageRecord } from './records.ts';
import type { ModeStatus, ReadOptions } from './protocol.ts';
import { shardOf } from './protocol.ts';
import { ShardReplica } from './shard.ts';
import { forgetNewestEntry } from './bugs.ts';
import { handleMessage } from './shard-messages.ts';
import { Reads } from './reads.ts';
import { notLeader } from './refusals.ts';

export class SingleLeader implements ReplicationMode<
  PeerMessage,
  StorageRecord,
  ReadOptions,
  Record<string, never>
> {
  readonly shards: ShardReplica[] = [];
  private readonly reads: Reads;
  private stopped = false;

  constructor(
    readonly cfg: NodeConfig,
    ctx: SingleLeaderContext,
  ) {
    this.reads = new Reads({
      shards: this.shards,
      shardFor: (key) => this.shardFor(key),
      timers: ctx.timers,
      stopped: () => this.stopped,
      readsPastApplied: cfg.bug === 'follower-reads-past-applied',
    });
    for (let i = 0; i < cfg.shards; i++) {
      const leader = initialShardLeader(cfg, i);
      this.shards.push(new ShardReplica(i, cfg, leader, ctx, () => this.reads.onChanged()));
    }
  }

  start(stored: readonly StorageRecord[]): void {
    const records =
      this.cfg.bug === 'lose-last-write-on-restart' ? forgetNewestEntry(stored) : stored;
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
  }

  stop(): void {
    this.stopped = true;
    this.reads.stop();
  }

  receive(from: string, msg: PeerMessage): void {
    const shard = this.shards[msg.shard];
    if (shard !== undefined) handleMessage(shard, from, msg);
  }

  shardFor(key: string): ShardReplica {
    return this.shards[shardOf(key, this.shards.length)]!;
  }

  write(key: string, value: Value): Promise<WriteOutcome> {
    const shard = this.shardFor(key);
    if (this.stopped) return Promise.resolve(notLeader(shard.shard, null));
    return shard.write(key, value);
  }

  read(keys: readonly string[], options: ReadOptions): Promise<ReadOutcome> {
    return this.reads.read(keys, options);
  }

  tick(): void {
    for (const s of this.shards) s.tick();
  }

  /** Shard 0 at the top level (what single-shard readers look at), every shard in `shards`. */
  status(): ModeStatus {
    const shards = this.shards.map((s) => s.status());
    const first = shards[0]!;
    return {
      role: first.role,
      leader: first.leader,
      term: first.term,
      lsn: first.lsn,
      appliedLsn: first.appliedLsn,
      followers: first.followers,
      ...(first.lagOps !== undefined ? { lagOps: first.lagOps, lagMs: first.lagMs ?? 0 } : {}),
      shards,
      replication: this.cfg.replication,
      logFormat: this.cfg.logFormat,
    };
  }
}
