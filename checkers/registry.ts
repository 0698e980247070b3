// Checker lookup by id, for --checkers and for a workload's defaults.
import type { Checker } from './checker.ts';
import { consistentPrefix } from './consistent-prefix.ts';
import { linearizableChecker } from './linearizability/linearizable.ts';
import { kvModel, registerModel } from './linearizability/models.ts';
import { monotonicReads } from './monotonic-reads.ts';
import { readYourWrites } from './read-your-writes.ts';
import { convergence } from './convergence.ts';
import { lostWrites } from './lost-writes.ts';
import { causal, monotonicWrites, writesFollowReads } from './session-guarantees.ts';
import { staleness } from './staleness.ts';

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
  linearizableChecker({ model: registerModel, id: 'linearizable-register' }),
  linearizableChecker({ model: kvModel(null), id: 'linearizable-kv' }),
  linearizableChecker({
    model: kvModel(''),
    id: 'linearizable-string-kv',
    description:
      "every op appears to take effect at one instant between its invoke and completion (Porcupine's kv: keys start as the empty string)",
  }),
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

/** The checker with this id; throws naming the valid ids when there is none. */
export function getChecker(id: string): Checker {
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
