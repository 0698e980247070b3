// The linearizability checker: collects client ops in one pass, splits them
// into independent partitions (P-compositionality), and runs the WGL search
// on each within a budget. Out of budget is "unknown", never valid.
import type { Anomaly, Checker, CheckPass, CheckResult } from '../checker.ts';
import { AnomalyLog } from '../anomaly-log.ts';
import { NO_LIMITS, type BudgetKind, type Limits } from '../budget.ts';
import type { Op } from '../../core/history.ts';
import {
  isUnchecked,
  normalizeModel,
  type FullModel,
  type Model,
  type Operation,
} from './model.ts';
import { searchInWorkers } from './parallel.ts';
import type { ModelRef } from './worker.ts';
import { searchLinearization, type Budget, type SearchFailure, type SearchResult } from './wgl.ts';

export interface LinearizableOptions<S, I, O> {
  readonly model: Model<S, I, O>;
  readonly id?: string;
  readonly description?: string;
  /** Time budget for the whole check; needs `now`. */
  readonly timeoutMs?: number;
  /** The caller's clock in ms (checkers read none of their own). */
  readonly now?: () => number;
  /** Memory bound: most (linearized set, state) pairs cached per partition. */
  readonly maxCacheEntries?: number;
  /** Threads to search partitions on; needs `modelRef`. 1: in this thread. */
  readonly workers?: number;
  /** How a worker thread loads the same model. */
  readonly modelRef?: ModelRef;
  /** Fewer ops than this are searched in this thread: starting workers would cost more. */
  readonly parallelMinOps?: number;
}

export const DEFAULT_PARALLEL_MIN_OPS = 20_000;

export const DEFAULT_MAX_CACHE_ENTRIES = 2_000_000;
const MAX_WITNESS_OPEN = 10;
/** Partitions with a violation listed in full; all are counted. */
const MAX_LISTED_PARTITIONS = 20;

/** Ops a model left out because it cannot check them soundly: how many, and the first reason. */
export interface UncheckedOps {
  count: number;
  first: string | null;
}

/** Pairs invokes with completions into model operations; never-completed ops have unknown outcome. */
export function collectOperations<S, I, O>(
  model: FullModel<S, I, O>,
  ops: Iterable<Op>,
  unchecked: UncheckedOps = { count: 0, first: null },
): Operation<I, O>[] {
  const out: Operation<I, O>[] = [];
  const open = new Map<number, Op>();
  const add = (invoke: Op, done: Op | null): void => {
    const io = model.fromOp(invoke, done);
    if (io === null) return;
    if (isUnchecked(io)) {
      unchecked.count++;
      unchecked.first ??= io.unchecked;
      return;
    }
    out.push({
      id: out.length,
      input: io.input,
      output: io.output,
      process: invoke.process as number,
      invokeIndex: invoke.index,
      doneIndex: done?.index ?? -1,
      callTimeNs: invoke.time,
      retTimeNs: done?.time ?? Infinity,
    });
  };
  for (const op of ops) {
    if (typeof op.process !== 'number') continue;
    if (op.type === 'invoke') {
      const stale = open.get(op.process);
      if (stale !== undefined) add(stale, null);
      open.set(op.process, op);
      continue;
    }
    const inv = open.get(op.process);
    if (inv === undefined) continue;
    open.delete(op.process);
    add(inv, op);
  }
  for (const inv of open.values()) add(inv, null);
  return out.sort((a, b) => a.invokeIndex - b.invokeIndex);
}

function opIndices(op: Operation<unknown, unknown>): number[] {
  return op.doneIndex >= 0 ? [op.invokeIndex, op.doneIndex] : [op.invokeIndex];
}

function describe<S, I, O>(m: FullModel<S, I, O>, op: Operation<I, O>): string {
  const at = `process ${op.process}, op ${op.doneIndex >= 0 ? op.doneIndex : op.invokeIndex}`;
  return `${m.describeOperation(op.input, op.output)} (${at})`;
}

/** One anomaly for a partition that has no linearization, from the deepest point the search reached. */
export function explainIllegal<S, I, O>(
  m: FullModel<S, I, O>,
  part: readonly Operation<I, O>[],
  r: SearchFailure<S>,
): Anomaly {
  const blocked = part[r.blocked]!;
  const done = new Set(r.prefix.map((i) => part[i]!));
  // The ops that could still have gone first: called before the blocked op returned.
  // The nearest ten make the witness; a long-dead info op far back rarely explains anything.
  const open = part
    .filter((o) => o !== blocked && !done.has(o) && o.invokeIndex < blocked.doneIndex)
    .sort((a, b) => b.invokeIndex - a.invokeIndex)
    .slice(0, MAX_WITNESS_OPEN);
  const last = r.prefix.length > 0 ? part[r.prefix[r.prefix.length - 1]!]! : null;
  const ops = [blocked, ...open, ...(last ? [last] : [])].flatMap(opIndices);
  const after = last
    ? `after ${r.prefix.length} ops ending with ${describe(m, last)}`
    : 'at the start';
  const others = open.map((o) => describe(m, o));
  const text =
    `${describe(m, blocked)} cannot be linearized: ${after}, ${m.describeState(r.state)}, ` +
    (others.length === 0
      ? 'and no other op could go first'
      : `and no order of the ${others.length} concurrent ops (${others.slice(0, 5).join('; ')}${others.length > 5 ? '; ...' : ''}) explains it`);
  return {
    kind: 'not-linearizable',
    ops: [...new Set(ops)].sort((a, b) => a - b),
    explanation: text,
  };
}

/** The budget a search reason spends: the memo bound and the heap guard are memory. */
function budgetOf(reason: string | undefined): BudgetKind {
  return reason === 'time' ? 'time' : 'memory';
}

export function checkOperations<S, I, O>(
  m: FullModel<S, I, O>,
  operations: readonly Operation<I, O>[],
  opts: Omit<LinearizableOptions<S, I, O>, 'model'>,
  limits: Limits = NO_LIMITS,
): CheckResult {
  const startMs = opts.now?.() ?? 0;
  const timedOut =
    opts.timeoutMs !== undefined && opts.now !== undefined
      ? () => opts.now!() - startMs > opts.timeoutMs!
      : () => false;
  const spent = (): string | null => (timedOut() ? 'time' : limits.spent());
  const budget = { maxCacheEntries: opts.maxCacheEntries ?? DEFAULT_MAX_CACHE_ENTRIES, spent };
  // Smallest first: a violation in a small partition is found before a large one eats the budget.
  // The search names ops by their position in their partition.
  const parts = m.partition(operations);
  parts.sort((a, b) => a.length - b.length);
  const stats: Record<string, number | string> = {
    operations: operations.length,
    partitions: parts.length,
    partitionsChecked: 0,
    cacheEntries: 0,
    maxCacheEntries: budget.maxCacheEntries,
    steps: 0,
    workerThreads: 0,
  };
  const { results, threads } = searchAll(m, parts, budget, opts, operations.length);
  stats.workerThreads = threads;
  const log = new AnomalyLog(MAX_LISTED_PARTITIONS);
  let unknown: string | null = null;
  let checked = 0;
  for (let i = 0; i < parts.length; i++) {
    const r = results[i];
    if (r === null || r === undefined) continue;
    stats.cacheEntries = (stats.cacheEntries as number) + r.cacheEntries;
    stats.steps = (stats.steps as number) + r.steps;
    if (r.kind !== 'unknown') stats.partitionsChecked = ++checked;
    if (r.kind === 'illegal') {
      const a = explainIllegal(m, parts[i]!, r);
      log.add(a.kind, a.ops, a.explanation);
    }
    if (r.kind !== 'unknown') continue;
    if (unknown !== null) continue;
    // A worker stopped by this thread reports "stopped"; the reason is this thread's.
    const reason = r.reason === 'stopped' ? (spent() ?? 'time') : r.reason;
    stats.budget = budgetOf(reason);
    unknown = `budget exhausted (${reason}) in a partition of ${parts[i]!.length} ops after ${r.steps} steps, ${r.cacheEntries} cached states, deepest linearized prefix ${r.prefix.length}`;
  }
  stats.anomalies = log.count;
  // Any definite violation settles the verdict, whatever the other partitions did.
  if (log.count > 0) return { valid: false, ...log.result(), stats };
  if (unknown !== null) {
    unknown += `; ${checked} of ${parts.length} partitions checked`;
  } else if (checked < parts.length) {
    stats.budget = budgetOf(spent() ?? 'time');
    unknown = `budget exhausted before every partition was searched; ${checked} of ${parts.length} partitions checked`;
  }
  if (unknown !== null) return { valid: 'unknown', anomalies: [], stats, error: unknown };
  return { valid: true, anomalies: [], stats };
}

/**
 * Searches each partition, on worker threads when that pays. Every partition
 * is searched, even after a violation or an exhausted one (its memo bound is
 * its own), until the caller's time or memory budget is spent.
 */
function searchAll<S, I, O>(
  m: FullModel<S, I, O>,
  parts: readonly Operation<I, O>[][],
  budget: Budget,
  opts: Omit<LinearizableOptions<S, I, O>, 'model'>,
  totalOps: number,
): { results: (SearchResult<S> | null)[]; threads: number } {
  const workers = Math.min(opts.workers ?? 1, parts.length);
  if (
    workers > 1 &&
    opts.modelRef &&
    totalOps >= (opts.parallelMinOps ?? DEFAULT_PARALLEL_MIN_OPS)
  ) {
    const rs = searchInWorkers<S, I, O>(opts.modelRef, parts, { workers, ...budget }, (part, b) =>
      searchLinearization(m, part, b),
    );
    if (rs !== null) return { results: rs, threads: workers };
  }
  const out: (SearchResult<S> | null)[] = [];
  for (const part of parts) {
    if (out.length > 0 && budget.spent() !== null) break;
    out.push(searchLinearization(m, part, budget));
  }
  return { results: out, threads: 0 };
}

export function linearizableChecker<S, I, O>(opts: LinearizableOptions<S, I, O>): Checker {
  const m = normalizeModel(opts.model);
  return {
    id: opts.id ?? `linearizable-${m.name}`,
    description:
      opts.description ??
      `every op appears to take effect at one instant between its invoke and completion (${m.name})`,
    start(): CheckPass {
      const ops: Op[] = [];
      return {
        step: (op) => void ops.push(op),
        finish: (limits) => {
          const unchecked: UncheckedOps = { count: 0, first: null };
          const operations = collectOperations(m, ops, unchecked);
          const r = checkOperations(m, operations, opts, limits);
          const stats = { ...r.stats, opsUnchecked: unchecked.count };
          if (r.valid === false) return { ...r, stats };
          if (unchecked.first !== null) {
            const error = `${unchecked.count} ops left out (${unchecked.first}), so the ${m.name} model cannot say the history is linearizable${r.valid === 'unknown' ? `; also ${r.error}` : ''}`;
            return { ...r, valid: 'unknown', stats, error };
          }
          // Ops of unknown outcome alone (writes that timed out) constrain nothing either.
          if (!operations.some((o) => o.output !== undefined)) {
            const error = `nothing checked: no op the ${m.name} model reads is known to have taken effect or returned a value (failed ops, unknown outcomes and unknown reads constrain nothing)`;
            return { ...r, valid: 'unknown', stats, error };
          }
          return { ...r, stats };
        },
      };
    },
  };
}
