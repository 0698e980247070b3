// The Checker role: a pure function from a history to a verdict with
// witnesses. Checkers never do I/O, read clocks, or import harness code.
import {
  budgetText,
  heapBoundFor,
  limitsFrom,
  NO_LIMITS,
  type BudgetKind,
  type CheckBudget,
  type Limits,
} from './budget.ts';
import { BadOpError, type Op } from '../core/history.ts';

export type Validity = true | false | 'unknown';

export interface Anomaly {
  /** A stable name for the kind of anomaly, e.g. "stale-read". */
  readonly kind: string;
  /** Indices into the history of the ops that prove it (the witness), ascending. */
  readonly ops: readonly number[];
  /** One plain sentence a person can check against the ops. */
  readonly explanation: string;
}

/** Where anomalies happened, for plots: per kind, [bin, count] pairs, bin = last witness op / opsPerBin. */
export interface AnomalyBins {
  readonly opsPerBin: number;
  readonly kinds: Readonly<Record<string, readonly (readonly [number, number])[]>>;
}

export interface CheckResult {
  readonly valid: Validity;
  /** The anomalies listed (the first ones found; see anomaliesTruncated). */
  readonly anomalies: readonly Anomaly[];
  readonly stats: Readonly<Record<string, number | string | boolean>>;
  /** Why the verdict is unknown (budget, error, nothing it understands), when it is. */
  readonly error?: string;
  /** Every anomaly found, by kind, listed or not; absent: `anomalies` lists them all. */
  readonly anomalyCounts?: Readonly<Record<string, number>>;
  /** True when `anomalies` lists fewer than anomalyCounts counts. */
  readonly anomaliesTruncated?: boolean;
  readonly anomalyBins?: AnomalyBins;
}

/** Every anomaly a result found, by kind: its own counts, else its list. */
export function anomalyCountsOf(r: CheckResult): Record<string, number> {
  if (r.anomalyCounts !== undefined) return { ...r.anomalyCounts };
  const out: Record<string, number> = {};
  for (const a of r.anomalies ?? []) out[a.kind] = (out[a.kind] ?? 0) + 1;
  return out;
}

/** One pass over a history: ops arrive in index order, then finish() gives the verdict. */
export interface CheckPass {
  step(op: Op): void;
  /**
   * The verdict. A finish that searches polls `limits` and, once one is
   * spent, returns unknown naming it; linear finishes may ignore them.
   */
  finish(limits?: Limits): CheckResult;
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

/** Ops between two polls of the budget while streaming: the clock is read rarely. */
const POLL_OPS = 1024;

/** A pass stopped by its budget: unknown, with what its finish says of the ops it consumed. */
function stoppedBy(
  pass: CheckPass,
  kind: BudgetKind,
  opsConsumed: number,
  budget: CheckBudget,
): CheckResult {
  let stats: CheckResult['stats'] = {};
  try {
    // Spent limits make a searching finish give up at its first poll.
    stats = pass.finish({ spent: () => kind }).stats;
  } catch {
    // The stats are a courtesy; the verdict is unknown either way.
  }
  return {
    valid: 'unknown',
    anomalies: [],
    stats: { ...stats, opsConsumed, budget: kind },
    error: `budget exhausted (${budgetText(kind, budget)}) after ${opsConsumed} ops of the history`,
  };
}

/** A finished result that ran out of budget names the flag to raise. */
function withBudgetText(r: CheckResult, budget: CheckBudget, opsConsumed: number): CheckResult {
  const kind = r.stats.budget;
  if (r.valid !== 'unknown' || (kind !== 'time' && kind !== 'memory')) return r;
  const stats = { ...r.stats, opsConsumed };
  const given = kind === 'time' ? budget.timeoutMs : budget.memoryMb;
  if (given === undefined) {
    // The checker's own bound ran out (its default memo size, or options given to it directly).
    const flag = kind === 'time' ? '--check-timeout-ms' : '--check-memory-mb';
    return { ...r, stats, error: `${r.error ?? 'budget exhausted'}; ${flag} sets this bound` };
  }
  // The checker names its own bound ("cache-entries"); say which flag raises it.
  const rest = (r.error ?? '').replace(/^budget exhausted \([^)]*\)/, '');
  return { ...r, stats, error: `budget exhausted (${budgetText(kind, budget)})${rest}` };
}

/**
 * Runs several checkers over one stream of ops in a single pass. A checker
 * that throws becomes `unknown` with its error; the others still report. An
 * op no checker can read (BadOpError) is bad input, not a checker failure:
 * it stops the whole check and is thrown to the caller, which names the line.
 * With a budget, each checker's time is the shared pass plus its own finish;
 * past it, or past the heap guard, its verdict is unknown with what it explored.
 */
export function checkAll(
  checkers: readonly Checker[],
  ops: Iterable<Op>,
  budget: CheckBudget = {},
): Record<string, CheckResult> {
  const startMs = budget.nowMs?.() ?? 0;
  const heapStart = budget.heapBytes?.() ?? 0;
  const heapBound = heapBoundFor(budget, checkers.length);
  const streamLimits = limitsFrom(budget, startMs, budget.timeoutMs, heapStart, heapBound);
  const polled = budget.timeoutMs !== undefined || heapBound !== undefined;
  const passes = new Map<string, CheckPass | CheckResult>();
  for (const c of checkers) {
    try {
      passes.set(c.id, c.start());
    } catch (err) {
      if (err instanceof BadOpError) throw err;
      passes.set(c.id, unknownFrom(err));
    }
  }
  let consumed = 0;
  for (const op of ops) {
    for (const [id, p] of passes) {
      if (!('step' in p)) continue;
      try {
        p.step(op);
      } catch (err) {
        if (err instanceof BadOpError) throw err;
        passes.set(id, unknownFrom(err));
      }
    }
    consumed++;
    if (!polled || consumed % POLL_OPS !== 0) continue;
    const kind = streamLimits.spent();
    if (kind === null) continue;
    // The pass is shared, so every checker still reading stops together.
    for (const [id, p] of passes) {
      if ('step' in p) passes.set(id, stoppedBy(p, kind, consumed, budget));
    }
    break;
  }
  const streamMs = (budget.nowMs?.() ?? 0) - startMs;
  const out: Record<string, CheckResult> = {};
  for (const [id, p] of passes) {
    if (!('finish' in p)) {
      out[id] = p;
      continue;
    }
    // Each finish gets what is left of its own time after the pass, not what others' finishes left.
    const limits: Limits = polled
      ? limitsFrom(
          budget,
          budget.nowMs?.() ?? 0,
          budget.timeoutMs === undefined ? undefined : budget.timeoutMs - streamMs,
          heapStart,
          heapBound,
        )
      : NO_LIMITS;
    try {
      out[id] = withBudgetText(p.finish(limits), budget, consumed);
    } catch (err) {
      if (err instanceof BadOpError) throw err;
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
