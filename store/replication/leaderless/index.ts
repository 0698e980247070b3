// --mode leaderless: Dynamo-style replication (DDIA 5.4). Keys live on n home
// replicas of a hash ring; the node a client talks to coordinates, waits for
// w acknowledgements or r replies, and returns siblings for concurrent
// writes; read repair, anti-entropy (Merkle trees), sloppy quorums with
// hinted handoff and tombstones bring replicas together. See README.md,
// "Leaderless replication".
import { defineMode, type ModeDefinition } from '../mode.ts';
import { isMessage, isRecord, type Message, type Record_ } from './messages.ts';
import {
  describe,
  FLAGS,
  parseOptions,
  parseReadOptions,
  parseWriteOptions,
  type LeaderlessConfig,
  type ReadOptions,
  type WriteOptions,
} from './options.ts';
import { Leaderless } from './leaderless.ts';

export const leaderlessDefinition: ModeDefinition<
  LeaderlessConfig,
  Message,
  Record_,
  ReadOptions,
  WriteOptions
> = {
  name: 'leaderless',
  summary: 'Dynamo-style quorums over a hash ring: n, w, r, read repair, hinted handoff (DDIA 5.4)',
  flags: FLAGS,
  parseOptions,
  tickMs: (c) => c.tickMs,
  describe,
  isMessage,
  isRecord,
  parseReadOptions,
  parseWriteOptions,
  create: (options, ctx) => new Leaderless(options, ctx),
};

export const leaderless = defineMode(leaderlessDefinition);
