// Options of a single-leader node, already validated (options.ts turns flags
// into these; tests build them with nodeConfig).
import { sortNodeIds } from '../../values.ts';
import type { ModeContext } from '../mode.ts';
import type { PeerMessage } from './messages.ts';
import type { StorageRecord } from './records.ts';
import type { BugName } from './bugs.ts';

/** What a single-leader node reaches the world through. */
export type SingleLeaderContext = ModeContext<PeerMessage, StorageRecord>;

/** When a leader acknowledges a write (--replication). */
export type SyncMode = 'async' | 'sync' | 'semi-sync';
export type LogFormat = 'row' | 'statement';

export interface ReplicaConfig {
  /** This node's id. */
  readonly self: string;
  /** Every node of the cluster, self included, sorted (sortNodeIds). */
  readonly nodes: readonly string[];
  readonly replication: SyncMode;
  /** semi-sync: followers that must hold a write before it is acknowledged. */
  readonly syncFollowers: number;
  readonly logFormat: LogFormat;
  /** Leader silence after which followers elect a new one; 0 disables failover (static leader). */
  readonly failoverTimeoutMs: number;
  /** No majority rule and no fencing: split brain becomes possible (a weakened variant for tests). */
  readonly unsafeFailover: boolean;
  /** Leader heartbeat and retransmission period; also the node's tick. */
  readonly heartbeatMs: number;
  /** A write not acknowledged by its replication mode within this is answered "timeout" (indefinite). */
  readonly writeTimeoutMs: number;
  /** A follower further behind than this gets a snapshot instead of the log. */
  readonly snapshotAfterOps: number;
  /** Most entries in one append message. */
  readonly maxBatchOps: number;
  /** As a follower, hold each entry until its tsMs plus this on our own clock (0: apply at once). */
  readonly applyDelayMs: number;
  /** A deliberate bug (bugs.ts), for measuring detection; null in every real run. */
  readonly bug: BugName | null;
}

export interface NodeConfig extends ReplicaConfig {
  readonly shards: number;
  /** Leader of shard 0 at first boot; shard i goes to the i-th node after it (round robin). */
  readonly leader: string;
}

export const DEFAULTS = {
  replication: 'async',
  syncFollowers: 1,
  logFormat: 'row',
  failoverTimeoutMs: 0,
  unsafeFailover: false,
  heartbeatMs: 100,
  writeTimeoutMs: 2000,
  snapshotAfterOps: 1000,
  maxBatchOps: 500,
  applyDelayMs: 0,
  shards: 1,
  bug: null,
} as const satisfies Partial<NodeConfig>;

/** Fills defaults for a node of the given cluster; used by tests. */
export function nodeConfig(
  self: string,
  nodes: readonly string[],
  overrides: Partial<NodeConfig> = {},
): NodeConfig {
  const sorted = sortNodeIds(nodes);
  return { ...DEFAULTS, self, nodes: sorted, leader: sorted[0] ?? self, ...overrides };
}

/** Initial leader of a shard: leadership dealt round robin from the shard-0 leader. */
export function initialShardLeader(cfg: NodeConfig, shard: number): string {
  const start = Math.max(0, cfg.nodes.indexOf(cfg.leader));
  return cfg.nodes[(start + shard) % cfg.nodes.length] ?? cfg.leader;
}

export function majority(nodeCount: number): number {
  return Math.floor(nodeCount / 2) + 1;
}
