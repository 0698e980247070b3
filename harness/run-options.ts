// Every option of `splitbrain run`, declared once: the run's own settings
// here, and those their owners declare (each system's in its descriptor, the
// faults' targeting in nemesis/options.ts, the checkers' budgets in
// check-budget.ts, the external backend's hooks in external/options.ts).
// The CLI, the resolved config, config.json and the repeat command are all
// built from RUN_OPTIONS; --help lists them by group, common ones first.
import { UsageError } from '../core/errors.ts';
import { oneOf, positiveNumber, wholeNumber, type OptionSpec } from '../core/option.ts';
import { HOOK_OPTIONS } from '../external/options.ts';
import { FAULT_KINDS } from '../nemesis/capabilities.ts';
import { NEMESIS_OPTIONS } from '../nemesis/options.ts';
import { SYSTEMS } from '../systems/index.ts';
import { WORKLOAD_NAMES } from '../workloads/index.ts';
import { BACKEND_NAMES, backendHelp } from './backends.ts';
import { CHECK_BUDGET_OPTIONS } from './check-budget.ts';

export const MAX_NODES = 15;
export const CLOCK_VIA = ['auto', 'faketime', 'store'] as const;

export function validateSeed(v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > 0xffff_ffff) {
    throw new UsageError(
      `--seed must be a whole number from 0 to 4294967295, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

export function validateName(v: unknown): string {
  if (typeof v !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(v)) {
    throw new UsageError(
      `--test must be 1-80 letters, digits, '.', '_' or '-' (it names a folder), got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

/** A comma-separated list, also when a caller passes an array. */
const list = (v: unknown): string => (Array.isArray(v) ? v.join(',') : String(v));

/** --read-from, per system: what each offers. */
function readFromHelp(): string {
  return SYSTEMS.map((s) => `${s.name}: ${s.readPolicies.join(', ')}`).join('; ');
}

const RUN: readonly OptionSpec[] = [
  {
    flag: 'system',
    group: 'run',
    type: 'string',
    default: 'store',
    describe: `system under test: ${SYSTEMS.map((s) => `${s.name} (${s.summary})`).join('; ')}`,
    parse: oneOf(
      'system',
      SYSTEMS.map((s) => s.name),
    ),
  },
  {
    flag: 'workload',
    group: 'run',
    type: 'string',
    default: 'kv',
    repeat: 'always',
    describe: `what clients do: ${WORKLOAD_NAMES.join(', ')} (workloads/README.md)`,
    parse: oneOf('workload', WORKLOAD_NAMES),
  },
  {
    flag: 'time-limit',
    key: 'timeLimitS',
    group: 'run',
    type: 'number',
    default: 30,
    repeat: 'always',
    describe: 'seconds of load and faults before healing',
    parse: positiveNumber('time-limit'),
  },
  {
    flag: 'concurrency',
    group: 'run',
    type: 'number',
    default: 5,
    repeat: 'always',
    describe: 'client sessions (processes) at once, 1 to 1000',
    parse: wholeNumber('concurrency', 1, 1000),
  },
  {
    flag: 'rate',
    group: 'run',
    type: 'number',
    default: 100,
    repeat: 'always',
    describe: 'client ops per second, all sessions together',
    parse: positiveNumber('rate'),
  },
  {
    flag: 'max-ops',
    group: 'run',
    type: 'number',
    defaultText: 'no limit',
    describe:
      'stop the clients after this many ops (the time limit still bounds the run); shrink lowers it',
    parse: wholeNumber('max-ops', 1, 1_000_000_000),
  },
  {
    flag: 'replay',
    group: 'run',
    type: 'string',
    repeat: 'never',
    describe:
      'repeat a sim run exactly from a replay file (replay.json of a run, shrunk.json of a shrink); only --out, --quiet and --json may go with it (harness/shrink/README.md)',
  },
  {
    flag: 'read-from',
    group: 'run',
    type: 'string',
    default: 'any',
    repeat: 'always',
    describe: `where reads go, per system (${readFromHelp()}); store/README.md, "Read policies"`,
  },
  {
    flag: 'seed',
    group: 'run',
    type: 'number',
    defaultText: 'random, printed',
    repeat: 'always',
    describe:
      'seed for every random choice; the same seed on --backend sim repeats a run byte for byte',
    parse: validateSeed,
  },
  {
    flag: 'test',
    group: 'run',
    type: 'string',
    defaultText:
      '<workload>-<read-from> for the store (kv-any), else <system>-<workload>-<read-from>',
    repeat: 'always',
    describe: 'test name; names the run folder',
    parse: validateName,
  },
  {
    flag: 'op-timeout-ms',
    group: 'run',
    type: 'number',
    default: 2000,
    describe: 'an op still running after this is recorded as info, 1 to 600000',
    parse: wholeNumber('op-timeout-ms', 1, 600_000),
  },
  {
    flag: 'quiesce-timeout-ms',
    group: 'run',
    type: 'number',
    default: 10_000,
    describe: 'bound on waiting for replicas to catch up before the final reads, 1 to 600000',
    parse: wholeNumber('quiesce-timeout-ms', 1, 600_000),
  },
];

const CLUSTER: readonly OptionSpec[] = [
  {
    flag: 'backend',
    group: 'cluster',
    type: 'string',
    default: 'local',
    repeat: 'always',
    describe: `where nodes run: ${backendHelp()}`,
    parse: oneOf('backend', BACKEND_NAMES),
  },
  {
    flag: 'nodes',
    group: 'cluster',
    type: 'string',
    default: '3',
    repeat: 'always',
    describe: `cluster size, 1 to ${MAX_NODES}; with --backend external the nodes, host:port,... (primary first)`,
    parse: (v) => String(v),
  },
  {
    flag: 'clock-via',
    group: 'cluster',
    type: 'string',
    default: 'auto',
    describe: `how clock faults reach a local node: ${CLOCK_VIA.join(', ')} (auto: libfaketime when installed, else the program's own offset)`,
    parse: oneOf('clock-via', CLOCK_VIA),
  },
  ...HOOK_OPTIONS,
];

const FAULTS: readonly OptionSpec[] = [
  {
    flag: 'nemesis',
    group: 'faults',
    type: 'string',
    defaultText: "partition, or the schedule's with --nemesis-schedule",
    repeat: 'always',
    describe: `comma-separated faults: ${FAULT_KINDS.join(', ')} (none: no faults)`,
    parse: list,
  },
  {
    flag: 'nemesis-interval',
    key: 'nemesisIntervalS',
    group: 'faults',
    type: 'number',
    default: 5,
    repeat: 'always',
    describe: 'seconds between fault changes',
    parse: positiveNumber('nemesis-interval'),
  },
  {
    flag: 'nemesis-schedule',
    group: 'faults',
    type: 'string',
    describe:
      'JSON file of timed fault ops to replay instead of a random schedule (nemesis/README.md)',
  },
  ...NEMESIS_OPTIONS,
];

const CHECKERS: readonly OptionSpec[] = [
  {
    flag: 'checkers',
    group: 'checkers',
    type: 'string',
    defaultText: "the workload's",
    describe: 'comma-separated checker ids (checkers/README.md lists them)',
    parse: list,
  },
  ...CHECK_BUDGET_OPTIONS,
];

const OUTPUT: readonly OptionSpec[] = [
  {
    flag: 'out',
    group: 'output',
    type: 'string',
    default: 'runs',
    describe: 'folder for run directories (runs/<test>/<time>/, runs/latest)',
  },
  {
    flag: 'quiet',
    group: 'output',
    type: 'boolean',
    default: false,
    repeat: 'never',
    describe: 'print only the verdict summary (no progress, no step lines)',
  },
  {
    flag: 'json',
    group: 'output',
    type: 'boolean',
    default: false,
    repeat: 'never',
    describe: 'print one JSON object (run directory, seed, verdicts) and nothing else on stdout',
  },
];

/** The run's own options, without the systems': resolved for every run alike. */
export const RUN_OPTIONS: readonly OptionSpec[] = [
  ...RUN,
  ...CLUSTER,
  ...FAULTS,
  ...CHECKERS,
  ...OUTPUT,
];

/**
 * Every system's options, in registry order (each checked only with its
 * --system); a spec two systems share (MariaDB's and Galera's SQL flags) once.
 */
export const SYSTEM_OPTIONS: readonly OptionSpec[] = [
  ...new Set(SYSTEMS.flatMap((s) => s.options)),
];
