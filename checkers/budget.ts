// Budgets for one check (docs/architecture.md, "Checker results and exit codes"): a wall-clock time and
// a memory bound per checker. Checkers read no clock and no process state, so
// the caller injects both; past either, a checker's verdict is unknown with
// what it explored, never valid.

export type BudgetKind = 'time' | 'memory';

export interface CheckBudget {
  /** Wall-clock ms each checker may take over its pass and its finish; needs nowMs. */
  readonly timeoutMs?: number;
  /** MiB each checker may hold: the search's cache bound, and a guard on heapBytes. */
  readonly memoryMb?: number;
  /** The caller's monotonic clock, in ms. */
  readonly nowMs?: () => number;
  /** Bytes the process holds now (a sampled reading is fine); the guard behind memoryMb. */
  readonly heapBytes?: () => number;
  /**
   * Bytes still live after collecting garbage. The heap holds garbage until
   * the next major collection, so a heapBytes reading over the bound is
   * confirmed with this (costly, so called only then) before it counts.
   */
  readonly liveHeapBytes?: () => number;
}

/**
 * Bytes one (linearized set, state) pair of the linearizability memo costs.
 * Measured (node --expose-gc, heapUsed + arrayBuffers after gc, 10^5 to
 * 2·10^6 entries): ~40 bytes of heap per entry (hash map slot, state slot)
 * plus 4 × (3 + window words) + 8 bytes of typed arrays, which grow by
 * doubling. One-word windows cost 65-78 bytes; four words 82; sixteen 183.
 * 100 covers the usual windows (under ~100 concurrent ops) with the slack of
 * a half-used doubled array; the heap guard catches a wider window.
 */
export const CACHE_ENTRY_BYTES = 100;

const MIB = 1024 * 1024;

/** The memo bound that a memory budget of `memoryMb` MiB buys. */
export function cacheEntriesFor(memoryMb: number): number {
  return Math.max(1, Math.floor((memoryMb * MIB) / CACHE_ENTRY_BYTES));
}

/** Polled by a checker while it works: which budget is spent, if any. */
export interface Limits {
  spent(): BudgetKind | null;
}

export const NO_LIMITS: Limits = { spent: () => null };

/**
 * Limits with their own start: time counts from `startMs` for `timeoutMs`;
 * memory is the growth of heapBytes since `heapStart`, against `heapBoundBytes`.
 */
export function limitsFrom(
  budget: CheckBudget,
  startMs: number,
  timeoutMs: number | undefined,
  heapStart: number,
  heapBoundBytes: number | undefined,
): Limits {
  const { nowMs, heapBytes } = budget;
  return {
    spent() {
      if (timeoutMs !== undefined && nowMs !== undefined && nowMs() - startMs > timeoutMs)
        return 'time';
      if (heapBoundBytes !== undefined && heapBytes !== undefined) {
        if (heapBytes() - heapStart <= heapBoundBytes) return null;
        const live = budget.liveHeapBytes?.() ?? heapBytes();
        if (live - heapStart > heapBoundBytes) return 'memory';
      }
      return null;
    },
  };
}

/**
 * The heap guard's bound for `checkers` checkers sharing one process: their
 * memory bounds together (the heap is shared, so it cannot say whose).
 */
export function heapBoundFor(budget: CheckBudget, checkers: number): number | undefined {
  if (budget.memoryMb === undefined || budget.heapBytes === undefined) return undefined;
  return budget.memoryMb * MIB * Math.max(1, checkers);
}

/** The flag a user turns to give more of a budget, for error messages. */
export function budgetText(kind: BudgetKind, budget: CheckBudget): string {
  return kind === 'time'
    ? `time: past ${budget.timeoutMs ?? '?'} ms (--check-timeout-ms)`
    : `memory: past ${budget.memoryMb ?? '?'} MiB (--check-memory-mb)`;
}
