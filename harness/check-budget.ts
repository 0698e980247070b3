// --check-timeout-ms and --check-memory-mb: validated once for `check` and
// `run`, then turned into the checkers' budget with the harness's own clock
// and heap reading (checkers read neither).
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CheckBudget } from '../checkers/budget.ts';
import { UsageError } from '../core/errors.ts';
import type { OptionSpec } from '../core/option.ts';
import { resolveOptions } from './options.ts';

export interface CheckBudgetOptions {
  /** Wall-clock ms each checker may take; absent: no time bound. */
  readonly checkTimeoutMs?: number;
  /** MiB each checker may hold; absent: the searches' default memo bound, no heap guard. */
  readonly checkMemoryMb?: number;
}

const MAX_TIMEOUT_MS = 7 * 24 * 3_600_000;
const MAX_MEMORY_MB = 1024 * 1024;
/** The heap reading costs a few µs; the search polls far more often than that is worth. */
const HEAP_SAMPLE_MS = 50;

function wholeNumber(flag: string, v: unknown, max: number, unit: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    const got = typeof v === 'string' ? JSON.stringify(v) : String(v);
    throw new UsageError(
      `--${flag} must be a whole number of ${unit} from 1 to ${max}, got ${got}; leave it out for no bound`,
    );
  }
  return v;
}

/** The two flags as options of `run` and `check` alike (group "checkers"). */
export const CHECK_BUDGET_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'check-timeout-ms',
    group: 'checkers',
    type: 'number',
    describe: 'wall-clock ms each checker may take; past it its verdict is unknown (exit 2)',
    parse: (v) => wholeNumber('check-timeout-ms', v, MAX_TIMEOUT_MS, 'ms'),
  },
  {
    flag: 'check-memory-mb',
    group: 'checkers',
    type: 'number',
    describe: 'MiB each checker may hold (the linearizability memo, a heap guard); past it unknown',
    parse: (v) => wholeNumber('check-memory-mb', v, MAX_MEMORY_MB, 'MiB'),
  },
];

/** Reads the two flags from parsed arguments (camelCase or kebab-case); a bad value is a UsageError. */
export function resolveCheckBudget(raw: Readonly<Record<string, unknown>>): CheckBudgetOptions {
  return resolveOptions(raw, CHECK_BUDGET_OPTIONS) as CheckBudgetOptions;
}

/** Heap in use, read at most every HEAP_SAMPLE_MS; typed arrays (the search's memo) count too. */
export function sampledHeapBytes(nowMs: () => number): () => number {
  return throttledHeapBytes(nowMs, HEAP_SAMPLE_MS, () => {});
}

/** Heap in use (typed arrays too), read at most every everyMs, after `before`. */
function throttledHeapBytes(nowMs: () => number, everyMs: number, before: () => void) {
  let at = -Infinity;
  let bytes = 0;
  return (): number => {
    const now = nowMs();
    if (now - at >= everyMs) {
      before();
      const m = process.memoryUsage();
      bytes = m.heapUsed + m.arrayBuffers;
      at = now;
    }
    return bytes;
  };
}

/** At most one forced collection a second: a full collection of a large heap takes tens of ms. */
const LIVE_SAMPLE_MS = 1000;

let collector: (() => void) | null = null;

/** The engine's full garbage collection, exposed on first use (only a memory budget needs it). */
function collectGarbage(): void {
  if (collector === null) {
    v8.setFlagsFromString('--expose-gc');
    collector = runInNewContext('gc') as () => void;
  }
  collector();
}

/** Heap still live after a full collection, taken at most every LIVE_SAMPLE_MS. */
export function liveHeapBytes(nowMs: () => number): () => number {
  return throttledHeapBytes(nowMs, LIVE_SAMPLE_MS, collectGarbage);
}

/** The budget the checkers get: the flags, the harness clock, the sampled heap. */
export function checkBudgetFor(
  o: CheckBudgetOptions,
  nowMs: () => number = () => performance.now(),
): CheckBudget {
  return {
    nowMs,
    ...(o.checkTimeoutMs === undefined ? {} : { timeoutMs: o.checkTimeoutMs }),
    ...(o.checkMemoryMb === undefined
      ? {}
      : {
          memoryMb: o.checkMemoryMb,
          heapBytes: sampledHeapBytes(nowMs),
          liveHeapBytes: liveHeapBytes(nowMs),
        }),
  };
}
