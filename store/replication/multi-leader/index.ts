// --mode multi-leader: every node takes writes and replicates them
// asynchronously along a topology (all-to-all, circular, star), resolving
// concurrent writes by lww, replica-id, merge (an OR-set) or siblings.
// See store/README.md, "Multi-leader replication (DDIA 5.4)".
import { defineMode, type ModeDefinition } from '../mode.ts';
import type { WriteOptions } from './keys.ts';
import { isMessage, isRecord, type ChangeRecord, type Message } from './messages.ts';
import { MultiLeader } from './multi-leader.ts';
import { describe, FLAGS, parseOptions, type MultiLeaderConfig } from './options.ts';
import { parseReadOptions, parseWriteOptions } from './protocol.ts';

export const multiLeaderDefinition: ModeDefinition<
  MultiLeaderConfig,
  Message,
  ChangeRecord,
  Record<string, never>,
  WriteOptions
> = {
  name: 'multi-leader',
  summary: 'every node takes writes and replicates them along a topology (DDIA 5.4)',
  flags: FLAGS,
  parseOptions,
  tickMs: (c) => c.syncMs,
  describe,
  isMessage,
  isRecord,
  parseReadOptions,
  parseWriteOptions,
  create: (options, ctx) => new MultiLeader(options, ctx),
};

export const multiLeader = defineMode(multiLeaderDefinition);
