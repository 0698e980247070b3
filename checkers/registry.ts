// Checker lookup by id, for --checkers and for a workload's defaults.
import { cacheEntriesFor } from './budget.ts';
import type { Checker } from './checker.ts';
import { consistentPrefix } from './consistent-prefix.ts';
import { linearizableChecker, type LinearizableOptions } from './linearizability/linearizable.ts';
import type { Model, ModelOptions } from './linearizability/model.ts';
import {
  kvModel,
  multiRegisterModel,
  mutexModel,
  registerModelWith,
} from './linearizability/models.ts';
import { monotonicReads } from './monotonic-reads.ts';
import { readYourWrites } from './read-your-writes.ts';
import { convergence } from './convergence.ts';
import { lostWrites } from './lost-writes.ts';
import { causal, monotonicWrites, writesFollowReads } from './session-guarantees.ts';
import { staleness } from './staleness.ts';
import { runHealth } from './run-health.ts';
import { setChecker } from './set.ts';
import { didYouMean } from '../core/suggest.ts';

/** What a caller may tune: budgets for the checks that search (the caller owns the clock). */
export type CheckerOptions = Pick<
  LinearizableOptions<unknown, unknown, unknown>,
  'timeoutMs' | 'now' | 'maxCacheEntries' | 'workers'
> & {
  /** MiB the search's memo may hold; becomes maxCacheEntries (budget.ts, CACHE_ENTRY_BYTES). */
  readonly memoryMb?: number;
  /** The linearizability models' initial value and semantics (the kv session checkers take none). */
  readonly model?: ModelOptions;
};

type SearchOptions = Omit<CheckerOptions, 'memoryMb' | 'model'>;

/** A memory budget in MiB as the search's own bound; an explicit maxCacheEntries wins. */
function searchOptions(o: CheckerOptions): SearchOptions {
  const { memoryMb, model: _model, ...rest } = o;
  if (memoryMb === undefined || rest.maxCacheEntries !== undefined) return rest;
  return { ...rest, maxCacheEntries: cacheEntriesFor(memoryMb) };
}

const MODELS_URL = new URL('./linearizability/models.ts', import.meta.url).href;

type Make = (o: SearchOptions, m: ModelOptions) => Checker;

/** A linearizability checker whose model a worker thread can build again from `exportName(...args)`. */
function linearizable(
  id: string,
  description: string,
  exportName: string,
  build: (m: ModelOptions) => { model: Model<unknown, unknown, unknown>; args: unknown[] },
): Make {
  return (o, m) => {
    const { model, args } = build(m);
    const full = `every op appears to take effect at one instant between its invoke and completion (${description})`;
    return linearizableChecker({
      ...o,
      model,
      id,
      description: full,
      modelRef: { module: MODELS_URL, exportName, args },
    });
  };
}

type AnyModel = Model<unknown, unknown, unknown>;

/** The linearizability checkers, built per call so budgets and model options can be given. */
const LINEARIZABLE: Readonly<Record<string, Make>> = {
  'linearizable-register': linearizable(
    'linearizable-register',
    'a register: read, write, and cas as our etcd workload records it; starts unset',
    'registerModelWith',
    (m) => ({ model: registerModelWith(m) as AnyModel, args: [m] }),
  ),
  'linearizable-cas-register': linearizable(
    'linearizable-cas-register',
    "Knossos's cas-register: read, write, cas [from to]",
    'registerModelWith',
    (m) => ({ model: registerModelWith(m, 'cas-register') as AnyModel, args: [m, 'cas-register'] }),
  ),
  'linearizable-multi-register': linearizable(
    'linearizable-multi-register',
    "Knossos's multi-register: atomic transactions of read/write micro-ops",
    'multiRegisterModel',
    (m) => ({ model: multiRegisterModel(m) as AnyModel, args: [m] }),
  ),
  'linearizable-mutex': linearizable(
    'linearizable-mutex',
    'a lock: acquire when free, release when held',
    'mutexModel',
    (m) => ({ model: mutexModel(m) as AnyModel, args: [m] }),
  ),
  'linearizable-kv': linearizable(
    'linearizable-kv',
    'a key-value map of micro-op lists, key by key; keys start unset',
    'kvModel',
    (m) => {
      const initial = m.initial ?? null;
      const rest = { semantics: m.semantics };
      return { model: kvModel(initial, rest) as AnyModel, args: [initial, rest] };
    },
  ),
  'linearizable-string-kv': linearizable(
    'linearizable-string-kv',
    "Porcupine's kv: get, put, append on strings; keys start as the empty string",
    'kvModel',
    (m) => {
      const initial = m.initial ?? '';
      const rest = { semantics: m.semantics };
      return { model: kvModel(initial, rest) as AnyModel, args: [initial, rest] };
    },
  ),
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
  setChecker,
  ...Object.values(LINEARIZABLE).map((make) => make({}, {})),
];

const DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  kv: ['read-your-writes', 'monotonic-reads', 'consistent-prefix'],
  register: ['linearizable-register'],
  set: ['set'],
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
  if (options !== undefined && make !== undefined)
    return make(searchOptions(options), options.model ?? {});
  const c = CHECKERS.find((x) => x.id === id);
  if (c === undefined) {
    throw new Error(
      `unknown checker ${JSON.stringify(id)}${didYouMean(id, checkerIds())}; valid checkers are: ${checkerIds().join(', ')}`,
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
