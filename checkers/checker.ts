// The Checker role: a pure function from a history to a verdict with
// witnesses. Checkers never do I/O, read clocks, or import harness code.
import type { Op } from './history.ts';

export type Validity = true | false | 'unknown';

export interface Anomaly {
  /** A stable name for the kind of anomaly, e.g. "stale-read". */
  readonly kind: string;
  /** Indices into the history of the ops that prove it (the witness), ascending. */
  readonly ops: readonly number[];
  /** One plain sentence a person can check against the ops. */
  readonly explanation: string;
}

export interface CheckResult {
  readonly valid: Validity;
  readonly anomalies: readonly Anomaly[];
  readonly stats: Readonly<Record<string, number | string | boolean>>;
  /** Why the verdict is unknown (budget, error), when it is. */
  readonly error?: string;
}

/** One pass over a history: ops arrive in index order, then finish() gives the verdict. */
export interface CheckPass {
  step(op: Op): void;
  finish(): CheckResult;
}

export interface Checker {
  /** The id users type in --checkers, e.g. "read-your-writes". */
  readonly id: string;
  /** One sentence: which guarantee it checks. */
  readonly description: string;
  /** Starts a fresh pass. Must not share state between passes. */
  start(): CheckPass;
}

/** Several checker results fold into one verdict: false outranks unknown outranks true. */
export function mergeValidity(vs: Iterable<Validity>): Validity {
  let out: Validity = true;
  for (const v of vs) {
    if (v === false) return false;
    if (v === 'unknown') out = 'unknown';
  }
  return out;
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

function unknownFrom(err: unknown): CheckResult {
  return {
    valid: 'unknown',
    anomalies: [],
    stats: {},
    error: `checker crashed: ${errorText(err)}`,
  };
}

/**
 * Runs several checkers over one stream of ops in a single pass. A checker
 * that throws becomes `unknown` with its error; the others still report.
 */
export function checkAll(
  checkers: readonly Checker[],
  ops: Iterable<Op>,
): Record<string, CheckResult> {
  const passes = new Map<string, CheckPass | CheckResult>();
  for (const c of checkers) {
    try {
      passes.set(c.id, c.start());
    } catch (err) {
      passes.set(c.id, unknownFrom(err));
    }
  }
  for (const op of ops) {
    for (const [id, p] of passes) {
      if (!('step' in p)) continue;
      try {
        p.step(op);
      } catch (err) {
        passes.set(id, unknownFrom(err));
      }
    }
  }
  const out: Record<string, CheckResult> = {};
  for (const [id, p] of passes) {
    if (!('finish' in p)) {
      out[id] = p;
      continue;
    }
    try {
      out[id] = p.finish();
    } catch (err) {
      out[id] = unknownFrom(err);
    }
  }
  return out;
}

/** Convenience for tests and one-off checks. */
export function check(checker: Checker, ops: Iterable<Op>): CheckResult {
  return checkAll([checker], ops)[checker.id]!;
}

/** A checker that accepts every history; the identity of composition. */
export const noopChecker: Checker = {
  id: 'noop',
  description: 'accepts every history',
  start: () => ({ step: () => {}, finish: () => ({ valid: true, anomalies: [], stats: {} }) }),
};
