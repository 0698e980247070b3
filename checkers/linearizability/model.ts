// The data type a linearizability check runs against, after Porcupine's
// Model: init/step/equal/partition/describe, with defaults filled in once by
// normalizeModel. Add a data type by writing one of these.
import type { Op } from '../../core/history.ts';

/**
 * How a history's outcomes read. "splitbrain" (our own histories, and
 * Porcupine's): a failed cas compared and missed; a read of null read an
 * unset register. "jepsen" (Jepsen and Knossos histories): a fail of any op
 * means it did not happen and constrains nothing; an ok read of nil read a
 * value nobody knows, so it constrains nothing either.
 */
export type Semantics = 'splitbrain' | 'jepsen';

export interface ModelOptions {
  /** The value every register (or key) holds before any write [default: null]. */
  readonly initial?: unknown;
  readonly semantics?: Semantics;
  /** Ops carry [key value] tuples (jepsen.independent): one object per key. */
  readonly independent?: boolean;
}

/** What step returns when the output cannot come from this state. */
export const ILLEGAL: unique symbol = Symbol('illegal');

/** One client op as the search sees it: called at `call`, returned at `ret`. */
export interface Operation<I, O> {
  /** Position in the history's ops; the search uses positions within a partition instead. */
  readonly id: number;
  readonly input: I;
  /** undefined: unknown outcome (info or never completed); any output is accepted. */
  readonly output: O | undefined;
  readonly process: number;
  /** History indices of the invoke and of the completion (-1 when none). */
  readonly invokeIndex: number;
  readonly doneIndex: number;
  readonly callTimeNs: number;
  readonly retTimeNs: number;
}

export interface Model<S, I, O> {
  readonly name: string;
  init(): S;
  /** The state after the op, or ILLEGAL when it could not have returned `output` here. */
  step(state: S, input: I, output: O | undefined): S | typeof ILLEGAL;
  equal?(a: S, b: S): boolean;
  /** A 32-bit hash consistent with equal. */
  hash?(s: S): number;
  /** Independent sub-histories (P-compositionality): a history is linearizable iff each part is. */
  partition?(ops: readonly Operation<I, O>[]): Operation<I, O>[][];
  /**
   * Reads one history op pair into input and output, or null when it cannot
   * matter (a failed write, a read whose result is unknown), or Unchecked
   * when the model cannot check it soundly. `done` is null for an op never
   * completed; an info completion means the outcome is unknown. Throws
   * BadOpError for an op the model does not read at all.
   */
  fromOp(invoke: Op, done: Op | null): { input: I; output: O | undefined } | null | Unchecked;
  describeOperation?(input: I, output: O | undefined): string;
  describeState?(s: S): string;
}

export type FullModel<S, I, O> = Required<Model<S, I, O>>;

/**
 * An op a model cannot check soundly (a read of siblings is not one register
 * value). It must have no effect (a read), so leaving it out only loosens
 * the check: a violation found without it stands, a pass does not.
 */
export interface Unchecked {
  readonly unchecked: string;
}

export function isUnchecked(x: unknown): x is Unchecked {
  return typeof x === 'object' && x !== null && 'unchecked' in x;
}

/** A 32-bit hash of a string (FNV-1a). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function normalizeModel<S, I, O>(m: Model<S, I, O>): FullModel<S, I, O> {
  return {
    name: m.name,
    init: m.init,
    step: m.step,
    fromOp: m.fromOp,
    equal: m.equal ?? ((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    hash: m.hash ?? ((s) => hashString(JSON.stringify(s) ?? 'undefined')),
    partition: m.partition ?? ((ops) => [ops.slice()]),
    describeOperation:
      m.describeOperation ??
      ((i, o) => `${JSON.stringify(i)} → ${o === undefined ? 'unknown' : JSON.stringify(o)}`),
    describeState: m.describeState ?? ((s) => JSON.stringify(s)),
  };
}
