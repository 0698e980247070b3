// The options of `splitbrain matrix`, declared once (core/option.ts), and the
// spec they resolve to. A name that is not in the grid is a UsageError
// naming the choices.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { didYouMean } from '../../core/suggest.ts';
import { oneOf, positiveNumber, wholeNumber, type OptionSpec } from '../../core/option.ts';
import { BACKEND_NAMES } from '../backends.ts';
import { csv, resolveOptions } from '../options.ts';
import { stamp } from '../rundir.ts';
import { validateSeed } from '../run-options.ts';
import { KILL_LEADER, PAUSE_LEADER, type ModeGrid, type NemesisChoice } from './grid.ts';
import type { MatrixSpec } from './matrix.ts';
import { MATRIX_MODES, MATRIX_MODE_NAMES } from './modes.ts';
import { STORE_BUGS, checkBugName } from '../../systems/store/options.ts';

/** Nemesis choices by id: every mode's own, and none. */
const NEMESES: readonly NemesisChoice[] = [
  ...new Map(MATRIX_MODES.flatMap((m) => m.nemeses).map((n) => [n.id, n])).values(),
  PAUSE_LEADER,
  KILL_LEADER,
  { id: 'none', kinds: 'none', intervalS: 5 },
];

/** The matrix starts its own clusters, cell by cell: an external cluster (someone else's nodes) cannot be one per cell. */
const MATRIX_BACKENDS = BACKEND_NAMES.filter((b) => b !== 'external');
export const MATRIX_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'modes',
    group: 'run',
    type: 'string',
    default: MATRIX_MODE_NAMES.join(','),
    describe: `store replication modes, comma-separated: ${MATRIX_MODE_NAMES.join(', ')}`,
  },
  {
    flag: 'settings',
    group: 'run',
    type: 'string',
    defaultText: 'every setting of each mode',
    describe: `rows to run, by id: ${MATRIX_MODES.flatMap((m) => m.settings.map((s) => s.id)).join(', ')}`,
  },
  {
    flag: 'read-from',
    group: 'run',
    type: 'string',
    defaultText: "each mode's read policies",
    describe: 'read policies, comma-separated',
  },
  {
    flag: 'nemesis',
    group: 'faults',
    type: 'string',
    defaultText:
      "each mode's own: " +
      MATRIX_MODES.map(
        (m) =>
          `${m.mode}${m.workload ? ` (${m.workload})` : ''} ${m.nemeses.map((n) => n.id).join('+')}`,
      ).join(', '),
    describe: `fault mixes: ${NEMESES.map((n) => `${n.id} (${n.kinds}${n.schedule ? ', fixed schedule' : ''})`).join(', ')}`,
  },
  {
    flag: 'seeds',
    group: 'run',
    type: 'number',
    default: 10,
    describe: 'runs per cell, seeds first-seed, first-seed+1, ...',
    parse: wholeNumber('seeds', 1, 100_000),
  },
  {
    flag: 'first-seed',
    group: 'run',
    type: 'number',
    default: 1,
    describe: 'the first seed',
    parse: validateSeed,
  },
  {
    flag: 'time-limit',
    key: 'timeLimitS',
    group: 'run',
    type: 'number',
    default: 10,
    describe: 'seconds of load and faults per run (simulated time on sim)',
    parse: positiveNumber('time-limit'),
  },
  {
    flag: 'rate',
    group: 'run',
    type: 'number',
    default: 100,
    describe: 'client ops per second',
    parse: positiveNumber('rate'),
  },
  {
    flag: 'backend',
    group: 'cluster',
    type: 'string',
    default: 'sim',
    describe: `where nodes run: ${MATRIX_BACKENDS.join(', ')}`,
    parse: oneOf('backend', MATRIX_BACKENDS),
  },
  {
    flag: 'parallel',
    group: 'run',
    type: 'number',
    defaultText: 'the number of cores',
    describe: 'runs at once, each on its own worker thread (1: in this thread)',
    parse: wholeNumber('parallel', 1, 256),
  },
  {
    flag: 'finding-seeds',
    group: 'checkers',
    type: 'number',
    default: 10,
    describe:
      'a "may be violated" cell never violated over at least this many runs is reported as a finding',
    parse: wholeNumber('finding-seeds', 1, 100_000),
  },
  {
    flag: 'bug',
    group: 'systems',
    type: 'string',
    describe:
      'run every node with a deliberate bug (store/replication/bug-catalog.ts; needs SPLITBRAIN_TEST_BUGS=1)',
  },
  {
    flag: 'detect',
    group: 'systems',
    type: 'string',
    describe: `also run the grid once per deliberate bug and measure how often it is caught: all, or ${STORE_BUGS.join(', ')} (needs SPLITBRAIN_TEST_BUGS=1)`,
  },
  {
    flag: 'out',
    group: 'output',
    type: 'string',
    default: 'runs',
    describe: 'the matrix goes in <out>/matrix/<time>/',
  },
  {
    flag: 'keep-runs',
    group: 'output',
    type: 'boolean',
    default: false,
    describe: 'keep every run directory, not only each cell’s worst run',
  },
];

function pick<T extends { id: string }>(
  what: string,
  given: readonly string[],
  all: readonly T[],
): T[] {
  // Two grids of one mode share its id: name each choice once.
  const ids = [...new Set(all.map((x) => x.id))];
  for (const id of given)
    if (!ids.includes(id))
      throw new UsageError(`--${what} ${id} is not one of ${ids.join(', ')}${didYouMean(id, ids)}`);
  return all.filter((x) => given.includes(x.id));
}

/** --nemesis ids: csv() reads a lone `none` as no list at all, but here `none` is a cell of its own. */
function nemesisIds(v: unknown): string[] {
  const ids = csv(v);
  return ids.length === 0 && typeof v === 'string' && v.trim() === 'none' ? ['none'] : ids;
}

/** --detect: every bug named must exist, and the test switch must be on (as for --bug). */
function detectList(v: unknown): string[] {
  if (v === undefined) return [];
  const names = csv(v);
  const bugs = names.includes('all') ? [...STORE_BUGS] : names;
  for (const b of bugs) checkBugName('detect', b);
  return bugs;
}

/** Each bug runs only on its own mode's cells, so one of the chosen modes must take it. */
function detectIn(bugs: string[], modes: readonly ModeGrid[]): string[] {
  for (const b of bugs) {
    if (modes.some((m) => m.bugs.includes(b))) continue;
    const owner = [...new Set(MATRIX_MODES.filter((m) => m.bugs.includes(b)).map((m) => m.mode))];
    throw new UsageError(
      `--detect ${b} is a bug of --mode ${owner.join(', ')}, which --modes ${[...new Set(modes.map((m) => m.mode))].join(',')} leaves out; add it to --modes`,
    );
  }
  return bugs;
}

export function resolveMatrixSpec(
  raw: Readonly<Record<string, unknown>>,
  startedIso: string,
): MatrixSpec {
  const o = resolveOptions(raw, MATRIX_OPTIONS);
  const modes = pick(
    'modes',
    csv(o.modes),
    MATRIX_MODES.map((m) => ({ ...m, id: m.mode })),
  );
  const settings = csv(o.settings);
  pick(
    'settings',
    settings,
    modes.flatMap((m) => m.settings),
  );
  const readPolicies = csv(o.readFrom);
  pick(
    'read-from',
    readPolicies,
    [...new Set(modes.flatMap((m) => m.readPolicies))].map((id) => ({ id })),
  );
  return {
    modes,
    settings,
    readPolicies,
    nemeses: pick('nemesis', nemesisIds(o.nemesis), NEMESES),
    seeds: Number(o.seeds),
    firstSeed: Number(o.firstSeed),
    timeLimitS: Number(o.timeLimitS),
    rate: Number(o.rate),
    backend: String(o.backend),
    parallel: typeof o.parallel === 'number' ? o.parallel : availableParallelism(),
    dir: join(String(o.out), 'matrix', stamp(startedIso)),
    findingSeeds: Number(o.findingSeeds),
    bug: typeof o.bug === 'string' ? o.bug : null,
    keepRuns: o.keepRuns === true,
    detect: detectIn(detectList(o.detect), modes),
    startedIso,
  };
}
