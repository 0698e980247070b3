// --mode single-leader: one leader per shard takes every write and ships its
// log to followers (async, sync or semi-sync), with Raft-style failover,
// sharding, a delayed replica and row or statement logs. See README.md,
// "Replication (DDIA 5.1-5.2)".
import { defineMode, type ModeDefinition } from '../mode.ts';
import type { NodeConfig } from './config.ts';
import { isPeerMessage, type PeerMessage } from './messages.ts';
import { isStorageRecord, type StorageRecord } from './records.ts';
import { parseReadOptions, parseWriteOptions, type ReadOptions } from './protocol.ts';
import { describe, FLAGS, parseOptions, warnings } from './options.ts';
import { SingleLeader } from './single-leader.ts';

export const singleLeaderDefinition: ModeDefinition<
  NodeConfig,
  PeerMessage,
  StorageRecord,
  ReadOptions,
  Record<string, never>
> = {
  name: 'single-leader',
  summary: 'one leader per shard takes writes and ships its log to followers (DDIA 5.1-5.2)',
  flags: FLAGS,
  parseOptions,
  tickMs: (c) => c.heartbeatMs,
  describe,
  warnings,
  isMessage: isPeerMessage,
  isRecord: isStorageRecord,
  parseReadOptions,
  parseWriteOptions,
  create: (options, ctx) => new SingleLeader(options, ctx),
};

export const singleLeader = defineMode(singleLeaderDefinition);
