// The Generator role: a pure value that says which op comes next. Only the
// interpreter owns time, workers and the seed; a generator gets them through
// the context and returns a new generator instead of changing itself, so it
// can be simulated with a fixed seed and compared to a literal list of ops.
import type { Op, Process } from '../history.ts';
import type { Rng } from '../rng.ts';

/** A worker: client threads are 0..concurrency-1; the nemesis has its own. */
export type Thread = number | 'nemesis';

export interface GenContext {
  /** Nanoseconds since the run began. */
  readonly timeNs: number;
  /** Threads with no op in flight, in ascending order, "nemesis" last. */
  readonly free: readonly Thread[];
  /** Every thread of the run, busy or free. */
  readonly threads: readonly Thread[];
  /** The process a thread currently runs as (it changes when an op ends in info). */
  processOf(thread: Thread): Process;
  readonly rng: Rng;
}

/** An op a generator asks for; the interpreter records it as an invoke. */
export interface GenOp {
  readonly process: Process;
  readonly f: string;
  readonly value: unknown;
  /** Not before this time (ns since run start); the interpreter waits for it. */
  readonly timeNs: number;
  /** Optional routing hint for the client (e.g. a node id for final reads). */
  readonly node?: string;
}

/**
 * op(): the next op and the generator after it; "pending" when nothing can be
 * emitted now (no free thread, or waiting for completions); null when done.
 * update(): every history event (invoke and completion) is shown to the
 * generator that emitted ops, so it can react to results.
 */
export type Next = { readonly op: GenOp; readonly gen: Generator | null } | 'pending' | null;

export interface Generator {
  op(ctx: GenContext): Next;
  update(ctx: GenContext, event: Op): Generator | null;
}
