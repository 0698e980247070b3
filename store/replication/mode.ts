// The seam between the store's core and a replication mode. The core (node,
// ports, HTTP API, transport, storage, the simulated world) knows only this
// file: how a node of some mode starts from its durable records, serves a
// write and a read, takes a peer's message, ticks, reports its status and
// stops. Single-leader, multi-leader and leaderless are siblings behind it
// (replication/index.ts lists them).
import type { Clock, Logger, Random, Timers } from '../ports.ts';
import type { FlagReader, FlagSpec } from '../flags.ts';
import type { JsonObject, RequestOptions, Value } from '../protocol.ts';
import type { ReadOutcome, WriteOutcome } from '../outcomes.ts';
import { badRequest } from '../outcomes.ts';

/** The cluster a node belongs to. */
export interface ClusterIds {
  readonly self: string;
  /** Every node, self included, sorted (sortNodeIds). */
  readonly nodes: readonly string[];
}

/** What a mode may use of its node: messages of type M out, records of type R to disk. */
export interface ModeContext<M, R> extends ClusterIds {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly random: Random;
  readonly log: Logger;
  /** Best effort to one peer; the mode retries what matters. */
  send(to: string, msg: M): void;
  /** Returns once the record would survive a crash of the process. */
  persist(record: R): void;
}

/**
 * One node's replication, as the core drives it. M: peer messages, R: durable
 * records, Q and W: the mode's read and write options. Every input arrives
 * already validated (ModeDefinition's guards and parsers); a method never
 * throws for a client's or a peer's mistake, it refuses or ignores.
 */
export interface ReplicationMode<M, R, Q, W> {
  /** Rebuilds from this node's records (empty on first boot); may start its timers' work. */
  start(records: readonly R[]): void;
  /** Resolves once the write is acknowledged as the mode promises, or refused. */
  write(key: string, value: Value, options: W): Promise<WriteOutcome>;
  /** The values of keys as the mode serves them (with versions, maybe siblings), or a refusal. */
  read(keys: readonly string[], options: Q): Promise<ReadOutcome>;
  /** A message from peer `from` (never self, always a node of the cluster). */
  receive(from: string, msg: M): void;
  /** Periodic work, every tickMs: heartbeats, timeouts, retransmits. */
  tick(): void;
  /** The mode's status fields (JSON); the core adds id, mode and clock around them. */
  status(): JsonObject;
  /** No more ticks or messages follow; pending work may be abandoned. */
  stop(): void;
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** A replication mode: its name, flags, validation and how to make one node of it. */
export interface ModeDefinition<O, M, R, Q, W> {
  /** What --mode names it. */
  readonly name: string;
  /** One line for --help. */
  readonly summary: string;
  /** Flags only this mode takes (another mode's flag is an error naming both). */
  readonly flags: readonly FlagSpec[];
  /** Validates the mode's flags for a node of this cluster; throws StoreOptionsError. */
  parseOptions(flags: FlagReader, cluster: ClusterIds): O;
  /** The period of tick(). */
  tickMs(options: O): number;
  /** The options in one line, for the node's start log. */
  describe(options: O): string;
  /** Accepted settings under which the mode cannot keep a promise it makes (each one sentence). */
  warnings?(options: O): string[];
  isMessage(x: unknown): x is M;
  isRecord(x: unknown): x is R;
  /** A read request's fields other than keys (unknown ones are the mode's to reject). */
  parseReadOptions(raw: RequestOptions): Parsed<Q>;
  /** A write request's fields other than key and value. */
  parseWriteOptions(raw: RequestOptions): Parsed<W>;
  create(options: O, ctx: ModeContext<M, R>): ReplicationMode<M, R, Q, W>;
}

/** One node's replication with untrusted inputs: what the core holds. */
export type Replica = ReplicationMode<unknown, unknown, RequestOptions, RequestOptions>;

/** A mode with its options for one node, types hidden: what the core is built with. */
export interface NodeMode {
  readonly name: string;
  readonly tickMs: number;
  /** The options in one line, for the node's start log. */
  readonly description: string;
  /** What the node warns of at start (ModeDefinition.warnings); empty when nothing. */
  readonly warnings: readonly string[];
  create(ctx: ModeContext<unknown, unknown>): Replica;
}

/** A registered mode, types hidden: flags in, a NodeMode out. */
export interface Mode {
  readonly name: string;
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
  configure(flags: FlagReader, cluster: ClusterIds): NodeMode;
}

/** Hides a mode's types behind validation, so the core can hold any mode. */
export function defineMode<O, M, R, Q, W>(def: ModeDefinition<O, M, R, Q, W>): Mode {
  return {
    name: def.name,
    summary: def.summary,
    flags: def.flags,
    configure: (flags, cluster) => bindMode(def, def.parseOptions(flags, cluster)),
  };
}

/** A NodeMode from options already made (tests of one mode build them without flags). */
export function bindMode<O, M, R, Q, W>(def: ModeDefinition<O, M, R, Q, W>, options: O): NodeMode {
  return {
    name: def.name,
    tickMs: def.tickMs(options),
    description: def.describe(options),
    warnings: def.warnings?.(options) ?? [],
    create: (ctx) => guarded(def, def.create(options, ctx)),
  };
}

function guarded<O, M, R, Q, W>(
  def: ModeDefinition<O, M, R, Q, W>,
  mode: ReplicationMode<M, R, Q, W>,
): Replica {
  return {
    start(records) {
      const bad = records.findIndex((r) => !def.isRecord(r));
      if (bad >= 0)
        throw new Error(
          `stored record ${bad + 1} is not a ${def.name} record (${JSON.stringify(records[bad]).slice(0, 120)}); the data dir was written by another --mode or is damaged: start this node with its old --mode, or on an empty --data-dir`,
        );
      mode.start(records as readonly R[]);
    },
    write(key, value, options) {
      const o = def.parseWriteOptions(options);
      return o.ok ? mode.write(key, value, o.value) : Promise.resolve(badRequest(o.message));
    },
    read(keys, options) {
      const o = def.parseReadOptions(options);
      return o.ok ? mode.read(keys, o.value) : Promise.resolve(badRequest(o.message));
    },
    // A frame from a peer of another build or mode, or mangled: dropped, as a lost message.
    receive: (from, msg) => (def.isMessage(msg) ? mode.receive(from, msg) : undefined),
    tick: () => mode.tick(),
    status: () => mode.status(),
    stop: () => mode.stop(),
  };
}
