// The only doors between a store node's core and the world. The core is a
// state machine driven through these, so the same code runs as a real process
// (TCP, files, real time) and inside a seeded in-process simulation.
//
// Messages and records are the replication mode's: the ports carry them as
// JSON they do not look into (M and R are unknown to the core), and the mode
// validates what comes back (replication/mode.ts).

/** Point-to-point, unreliable, unordered-tolerant delivery to peers. */
export interface Transport<M = unknown> {
  /** Best effort: a message to an unreachable peer is dropped, never queued forever. */
  send(to: string, msg: M): void;
  /** Registers the single receiver; `from` is the sender's node id. */
  onMessage(handler: (from: string, msg: unknown) => void): void;
}

export interface Clock {
  /** Wall clock in ms since the epoch, offset included (what clock faults skew). */
  nowMs(): number;
  /** Monotonic ms from an arbitrary origin; never skewed, never goes back. */
  monoMs(): number;
  offsetMs(): number;
  setOffsetMs(offsetMs: number): void;
}

export interface Timers {
  /** Calls fn once after delayMs; returns an id for clear. */
  set(fn: () => void, delayMs: number): number;
  clear(id: number): void;
}

/**
 * Durable append-only records. What load returns survives a crash of the
 * node's process; what was appended after the last sync may not survive a
 * crash of the machine (power loss).
 */
export interface Storage<R = unknown> {
  /** What was appended before, oldest first, as JSON read back (not yet validated). */
  load(): unknown[];
  /** Returns once the record would survive a process crash (it is in the OS, not yet on disk). */
  append(record: R): void;
  /** Returns once every record appended so far would survive a power loss (fsync). */
  sync(): void;
  /**
   * Optional: keeps the record in the process until the next sync (or
   * append), which hands every record kept to the OS in one write before it
   * fsyncs. A crash of the process before then loses it, so only a caller
   * that lets nothing depending on it leave before that sync may use it
   * (group commit, durability.ts). Records keep their order with append's.
   */
  appendBeforeSync?(record: R): void;
}

/**
 * Work deferred to the end of the current event-loop turn: after every
 * callback of the I/O that arrived together, before the loop waits again.
 * What lets a node share one fsync among them (durability.ts).
 */
export interface Turns {
  /** Calls fn once, after what the current turn still has to run (setImmediate). */
  afterTurn(fn: () => void): void;
}

/** Uniform in [0, 1); seeded in tests and simulation. */
export interface Random {
  next(): number;
}

/** One line per notable event. */
export type Logger = (line: string) => void;

export interface Ports {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly storage: Storage;
  readonly random: Random;
  readonly log: Logger;
  /**
   * Absent where a home has no turns to defer to (the default simulated
   * world): the node then syncs each record as it persists it.
   */
  readonly turns?: Turns;
}
