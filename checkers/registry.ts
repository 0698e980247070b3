// Checker lookup by id, for --checkers and for a workload's defaults.
import { cacheEntriesFor } from './budget.ts';
import type { Checker } from './checker.ts';
import { consistentPrefix } from './consistent-prefix.ts';
import { linearizableChecker, type LinearizableOptions } from './linearizability/linearizable.ts';
import { kvModel, registerModel } from './linearizability/models.ts';
import { monotonicReads } from './monotonic-reads.ts';
import { readYourWrites } from './read-your-writes.ts';
import { convergence } from './convergence.ts';
import { lostWrites } from './lost-writes.ts';
import { causal, monotonicWrites, writesFollowReads } from './session-guarantees.ts';
import { staleness } from './staleness.ts';
import { runHealth } from './run-health.ts';

/** What a caller may tune: budgets for the checks that search (the caller owns the clock). */
export type CheckerOptions = Pick<
  LinearizableOptions<unknown, unknown, unknown>,
  'timeoutMs' | 'now' | 'maxCacheEntries' | 'workers'
> & {
  /** MiB the search's memo may hold; becomes maxCacheEntries (budget.ts, CACHE_ENTRY_BYTES). */
  readonly memoryMb?: number;
};

type SearchOptions = Omit<CheckerOptions, 'memoryMb'>;

/** A memory budget in MiB as the search's own bound; an explicit maxCacheEntries wins. */
function searchOptions(o: CheckerOptions): SearchOptions {
  const { memoryMb, ...rest } = o;
  if (memoryMb === undefined || rest.maxCacheEntries !== undefined) return rest;
  return { ...rest, maxCacheEntries: cacheEntriesFor(memoryMb) };
}

const MODELS_URL = new URL('./linearizability/models.ts', import.meta.url).href;

/** The linearizability checkers, built per call so budgets can be given. */
const LINEARIZABLE: Readonly<Record<string, (o: SearchOptions) => Checker>> = {
  'linearizable-register': (o) =>
    linearizableChecker({ ...o, model: registerModel, id: 'linearizable-register' }),
  'linearizable-kv': (o) =>
    linearizableChecker({
      ...o,
      model: kvModel(null),
      id: 'linearizable-kv',
      modelRef: { module: MODELS_URL, exportName: 'kvModel', args: [null] },
    }),
  'linearizable-string-kv': (o) =>
    linearizableChecker({
      ...o,
      model: kvModel(''),
      id: 'linearizable-string-kv',
      description:
        "every op appears to take effect at one instant between its invoke and completion (Porcupine's kv: keys start as the empty string)",
      modelRef: { module: MODELS_URL, exportName: 'kvModel', args: [''] },
    }),
};

const CHECKERS: readonly Checker[] = [
  readYourWrites,
  monotonicReads,
  consistentPrefix,
  monotonicWrites,
  writesFollowReads,
  causal,
  lostWrites,
  convergence,
  staleness,
  runHealth,
  ...Object.values(LINEARIZABLE).map((make) => make({})),
];

const DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  kv: ['read-your-writes', 'monotonic-reads', 'consistent-prefix'],
  register: ['linearizable-register'],
};

/** Every checker id with its one-sentence description, in a stable order. */
export function listCheckers(): { id: string; description: string }[] {
  return CHECKERS.map((c) => ({ id: c.id, description: c.description }));
}

export function checkerIds(): string[] {
  return CHECKERS.map((c) => c.id);
}

/**
 * The checker with this id; throws naming the valid ids when there is none.
 * `options` budget the linearizability checks (a time budget needs `now`;
 * memoryMb bounds the memo); the other checkers run in linear time and take
 * none: checkAll's budget stops them all alike.
 */
export function getChecker(id: string, options?: CheckerOptions): Checker {
  const make = LINEARIZABLE[id];
  if (options !== undefined && make !== undefined) return make(searchOptions(options));
  const c = CHECKERS.find((x) => x.id === id);
  if (c === undefined) {
    throw new Error(
      `unknown checker ${JSON.stringify(id)}; valid checkers are: ${checkerIds().join(', ')}`,
    );
  }
  return c;
}

/** The checker ids a workload is judged by when the user names none. */
export function defaultCheckersFor(workload: string): readonly string[] {
  const ids = DEFAULTS[workload];
  if (ids === undefined) {
    throw new Error(
      `no default checkers for workload ${JSON.stringify(workload)}; known workloads: ${Object.keys(DEFAULTS).join(', ')} (name checkers explicitly with --checkers)`,
    );
  }
  return ids;
}
