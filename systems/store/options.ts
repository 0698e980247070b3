// The store's own `splitbrain run` flags, declared once: the replication
// settings every node is started with (store/README.md), and how the kv
// clients write and where they read.
import { UsageError } from '../../core/errors.ts';
import {
  keyOf,
  oneOf,
  wholeNumber,
  type OptionSpec,
  type OptionValue,
  type OptionValues,
} from '../../core/option.ts';
import { nodeIdsFor } from '../../kit/cluster-nodes.ts';
import {
  parseApplyDelay,
  unknownDelayNodes,
} from '../../store/replication/single-leader/apply-delay.ts';
import { DEFAULT_MODE, MODE_NAMES } from '../../store/replication/index.ts';
import { takesFlag } from '../../store/options.ts';
import { BUG_SWITCH, bugRefusal } from '../../store/replication/bugs.ts';
import { BUG_CATALOG, BUG_NAMES, bugsOf } from '../../store/replication/bug-catalog.ts';
import { nodeSetup, StoreOptionsError } from '../../store/options.ts';
import { FSYNC_POLICIES } from '../../store/node.ts';
import { LEADERLESS_OPTIONS } from './leaderless-options.ts';
import { DEFAULT_LEADER_WINDOW_MS } from './read-policy.ts';

const MAX = 1_000_000;

/** Flags passed on to every node, in the order the repeat command gives them. */
const NODE_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'mode',
    group: 'systems',
    type: 'string',
    default: DEFAULT_MODE,
    repeat: 'always',
    describe: `store: replication mode: ${MODE_NAMES.join(', ')}`,
    parse: oneOf('mode', MODE_NAMES),
  },
  {
    flag: 'replication',
    group: 'systems',
    type: 'string',
    default: 'async',
    repeat: 'always',
    describe: 'store, single-leader: how the leader waits for followers: async, sync, semi-sync',
    parse: oneOf('replication', ['async', 'sync', 'semi-sync']),
  },
  {
    flag: 'sync-followers',
    group: 'systems',
    type: 'number',
    describe: 'store, semi-sync: followers the leader waits for [default: 1]',
    parse: wholeNumber('sync-followers', 1, MAX),
  },
  {
    flag: 'shards',
    group: 'systems',
    type: 'number',
    describe: 'store: shards, each with its own leader [default: 1]',
    parse: wholeNumber('shards', 1, MAX),
  },
  {
    flag: 'failover-timeout-ms',
    group: 'systems',
    type: 'number',
    describe: 'store: heartbeat timeout before an election [default: never]',
    parse: wholeNumber('failover-timeout-ms', 1, MAX),
  },
  {
    flag: 'log-format',
    group: 'systems',
    type: 'string',
    describe: 'store: replication log, row or statement [default: row]',
    parse: oneOf('log-format', ['row', 'statement']),
  },
  {
    flag: 'unsafe-failover',
    group: 'systems',
    type: 'boolean',
    describe: 'store: no majority rule, no fencing (split brain possible)',
  },
  {
    flag: 'apply-delay-ms',
    group: 'systems',
    type: 'string',
    describe: 'store: delayed replicas apply entries this late: <ms>, or per node n3=800,n2=200',
    parse: (v) => String(v),
  },
  {
    flag: 'topology',
    group: 'systems',
    type: 'string',
    describe:
      'store, multi-leader: where changes travel: all-to-all, circular, star [default: all-to-all]',
    parse: oneOf('topology', ['all-to-all', 'circular', 'star']),
  },
  {
    flag: 'hub',
    group: 'systems',
    type: 'string',
    describe: 'store, multi-leader --topology star: the centre node [default: n1]',
    parse: (v) => String(v),
  },
  {
    flag: 'conflicts',
    group: 'systems',
    type: 'string',
    describe:
      'store, multi-leader: concurrent writes: lww, replica-id, merge, siblings [default: lww]; leaderless: siblings or lww [default: siblings]',
    parse: oneOf('conflicts', ['lww', 'replica-id', 'merge', 'siblings']),
  },
  {
    flag: 'fsync',
    group: 'systems',
    type: 'string',
    describe:
      'store: fsync the data file before acknowledging (always), or leave it to the OS (never: a power loss can lose acknowledged writes) [default: always]',
    parse: oneOf('fsync', FSYNC_POLICIES),
  },
  ...LEADERLESS_OPTIONS,
  {
    flag: 'bug',
    group: 'systems',
    type: 'string',
    describe: `store, tests only (needs ${BUG_SWITCH}=1): run every node with a deliberate bug: ${BUG_NAMES.join(', ')}`,
    parse: bugFlag,
  },
];

/** Whether nodes of this --mode take the flag (the store's own flag lists decide). */
const modeTakes = (options: OptionValues, flag: string): boolean =>
  takesFlag(['--mode', String(options.mode ?? DEFAULT_MODE)], flag);

/**
 * A known bug, and only with the test switch on (store/replication/bugs.ts);
 * `flag` is the one the user typed: --bug, or the matrix's --detect.
 */
export function checkBugName(flag: string, v: unknown): string {
  const refusal = bugRefusal(process.env, `--${flag}`);
  if (refusal !== null) throw new UsageError(refusal);
  return oneOf(flag, BUG_NAMES)(v);
}

function bugFlag(v: unknown): string {
  return checkBugName('bug', v);
}

/** What a deliberate bug breaks, in one sentence (the matrix's detection table). */
export function bugDescription(name: string): string {
  return BUG_CATALOG.get(name)?.description ?? name;
}

/** --detect all: every deliberate bug. */
export const STORE_BUGS: readonly string[] = BUG_NAMES;

/** The deliberate bugs the nodes of one --mode take. */
export const storeBugsOf = (mode: string): readonly string[] => bugsOf(mode);

export const KV_VALUES = ['plain', 'statement'] as const;

export const STORE_OPTIONS: readonly OptionSpec[] = [
  ...NODE_OPTIONS,
  {
    flag: 'kv-values',
    group: 'systems',
    type: 'string',
    defaultText: 'statement with --log-format statement, else plain',
    describe: 'store: kv writes as plain versions, or statement values (version, now(), rand())',
    parse: oneOf('kv-values', KV_VALUES),
  },
  {
    flag: 'leader-window-ms',
    group: 'systems',
    type: 'number',
    default: DEFAULT_LEADER_WINDOW_MS,
    describe: 'store, --read-from leader-window: ms after a write that a session reads the leader',
    parse: wholeNumber('leader-window-ms', 1, 3_600_000),
  },
];

/** The node flags among the options that the run's --mode takes, as command-line words for every node. */
export function storeNodeFlags(options: OptionValues): string[] {
  const out: string[] = [];
  for (const spec of NODE_OPTIONS) {
    const v = options[keyOf(spec)];
    // Another mode's setting left at its default (--replication async) is not sent.
    if (v === undefined || v === false || !modeTakes(options, spec.flag)) continue;
    out.push(`--${spec.flag}`);
    if (v !== true) out.push(String(v));
  }
  return out;
}

/**
 * The options without another mode's settings (checkModeFlags has refused any
 * that were given), so config.json and the repeat command say only what the
 * nodes run with: no `--replication async` on a leaderless run.
 */
export function ownModeOptions(options: OptionValues): OptionValues {
  const out: Record<string, OptionValue> = { ...options };
  for (const spec of NODE_OPTIONS) if (!modeTakes(options, spec.flag)) delete out[keyOf(spec)];
  return out;
}

/** A node flag given that the chosen --mode does not take is bad input (exit 3); its default is ignored. */
export function checkModeFlags(options: OptionValues): void {
  for (const spec of NODE_OPTIONS) {
    const v = options[keyOf(spec)];
    if (v === undefined || v === false || v === spec.default || modeTakes(options, spec.flag))
      continue;
    const owners = MODE_NAMES.filter((m) => takesFlag(['--mode', m], spec.flag));
    throw new UsageError(
      `--${spec.flag} is a flag of --mode ${owners.join(' or ')}; --mode ${String(options.mode)} does not take it: drop it, or run --mode ${owners[0] ?? DEFAULT_MODE}`,
    );
  }
}

/** --hub must be a node of the cluster. */
export function checkHub(hub: string, nodeCount: number): void {
  const ids = nodeIdsFor(nodeCount);
  if (!ids.includes(hub))
    throw new UsageError(
      `--hub ${hub} is not a node of this ${nodeCount}-node cluster; nodes are ${ids.join(', ')}`,
    );
}

/** --apply-delay-ms as every node takes it, checked against n1..nN. */
export function checkApplyDelay(spec: string, nodeCount: number): void {
  const ids = nodeIdsFor(nodeCount);
  try {
    const unknown = unknownDelayNodes(parseApplyDelay(spec), ids);
    if (unknown.length > 0)
      throw new Error(
        `--apply-delay-ms names ${unknown.join(', ')}, not a node of this ${nodeCount}-node cluster; nodes are ${ids.join(', ')}`,
      );
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The statement log's point is divergence, so its default is values that can diverge. */
export function kvValuesOf(options: OptionValues): (typeof KV_VALUES)[number] {
  if (options.kvValues === 'statement' || options.kvValues === 'plain') return options.kvValues;
  return options.logFormat === 'statement' ? 'statement' : 'plain';
}

/** What a node started with these flags warns of (the store's own rule: store/main.ts prints the same). */
export function storeWarnings(options: OptionValues, nodeCount: number): readonly string[] {
  const ids = nodeIdsFor(nodeCount);
  try {
    return nodeSetup(ids[0]!, ids, storeNodeFlags(options)).mode.warnings;
  } catch (err) {
    // The node would refuse these flags at start; say so now, before anything starts.
    if (err instanceof StoreOptionsError)
      throw new UsageError(`the store refuses these options: ${err.message}`);
    throw err;
  }
}
