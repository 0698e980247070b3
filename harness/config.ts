// Run options: the one place they are defined, defaulted and validated, so
// the CLI, config.json and the run lifecycle agree. A bad option is a
// UsageError (exit 3) that names the option, what was wrong and the fix.

import { UsageError } from '../core/errors.ts';
export { UsageError };

import { kebabCase } from './flag-case.ts';
import {
  checkNemesisPlan,
  nemesisArgs,
  nemesisKinds,
  resolveNemesisOptions,
  type NemesisOptions,
} from './nemesis-flags.ts';
import { resolveTargetOptions, targetArgs, type TargetOptions } from './target-options.ts';
import { DEFAULT_LEADER_WINDOW_MS } from '../systems/store/read-policy.ts';
import {
  parseApplyDelay,
  unknownDelayNodes,
} from '../store/replication/single-leader/apply-delay.ts';
import { MODE_NAMES } from '../store/replication/index.ts';
import { nodeIdsFor } from '../kit/cluster-nodes.ts';
import { checkBudgetArgs, resolveCheckBudget, type CheckBudgetOptions } from './check-budget.ts';
import { shellCommand } from './shell-word.ts';

/** Target fields (--system, external --nodes list, system options, hooks) are absent for the store. */
export interface RunConfig extends Partial<TargetOptions>, CheckBudgetOptions {
  readonly test: string;
  readonly seed: number;
  readonly workload: string;
  readonly backend: string;
  readonly nodes: number;
  readonly concurrency: number;
  /** Client ops per second, across all sessions. */
  readonly rate: number;
  readonly timeLimitS: number;
  readonly readFrom: string;
  /** --read-from leader-window: reads go to the leader this long after a session's write. */
  readonly leaderWindowMs: number;
  readonly nemesis: readonly string[];
  readonly nemesisIntervalS: number;
  readonly nemesisSchedule: string | null;
  /** Per-fault targeting flags (NEMESIS_FLAGS), kebab-case name → value, as given. */
  readonly nemesisOptions: NemesisOptions;
  /** How clock faults reach a local node: libfaketime, the store's own offset, or auto. */
  readonly clockVia: ClockViaChoice;
  readonly checkers: readonly string[];
  readonly opTimeoutMs: number;
  /** Bound on waiting for replicas to catch up before the final reads. */
  readonly quiesceTimeoutMs: number;
  readonly out: string;
  /**
   * What the kv workload writes for version n: the integer, or a statement
   * value carrying now() and rand() (workloads/statement-values.ts).
   * Defaults to statement with --log-format statement, so replicas can diverge.
   */
  readonly kvValues: KvValues;
  /** Store flags (replication mode etc.), passed to every node. */
  readonly store: Readonly<Record<string, string | number | boolean>>;
}

export const KV_VALUES = ['plain', 'statement'] as const;
export type KvValues = (typeof KV_VALUES)[number];

export const CLOCK_VIA = ['auto', 'faketime', 'store'] as const;
export type ClockViaChoice = (typeof CLOCK_VIA)[number];

export const WORKLOADS = ['kv', 'register'] as const;
export const BACKENDS = ['local', 'docker', 'sim', 'external'] as const;

export const DEFAULTS = {
  workload: 'kv',
  backend: 'local',
  nodes: 3,
  concurrency: 5,
  rate: 100,
  timeLimitS: 30,
  readFrom: 'any',
  leaderWindowMs: DEFAULT_LEADER_WINDOW_MS,
  nemesis: 'partition',
  nemesisIntervalS: 5,
  opTimeoutMs: 2000,
  quiesceTimeoutMs: 10_000,
  out: 'runs',
  replication: 'async',
  clockVia: 'auto',
} as const;

function positiveInt(name: string, v: unknown, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    throw new UsageError(
      `--${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function positiveNumber(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new UsageError(`--${name} must be a number greater than 0, got ${JSON.stringify(v)}`);
  }
  return v;
}

function oneOf(name: string, v: unknown, allowed: readonly string[]): string {
  if (typeof v !== 'string' || !allowed.includes(v)) {
    throw new UsageError(
      `--${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

/** "a,b, c" → ["a","b","c"]; "none" or "" → []. */
export function csv(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(csv);
  if (typeof v !== 'string') return [];
  const parts = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return parts.length === 1 && parts[0] === 'none' ? [] : parts;
}

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

export interface RawRunOptions {
  readonly [key: string]: unknown;
}

/** Checks every option and fills in defaults; pure apart from the seed passed in. */
export function resolveRunConfig(raw: RawRunOptions, seedIfAbsent: number): RunConfig {
  const readFrom = String(raw.readFrom ?? DEFAULTS.readFrom);
  const nemesisSchedule = typeof raw.nemesisSchedule === 'string' ? raw.nemesisSchedule : null;
  const nemesis = nemesisKinds(raw.nemesis, nemesisSchedule, DEFAULTS.nemesis);
  const store: Record<string, string | number | boolean> = {
    ...(raw.mode !== undefined ? { mode: oneOf('mode', raw.mode, MODE_NAMES) } : {}),
    replication: oneOf('replication', raw.replication ?? DEFAULTS.replication, [
      'async',
      'sync',
      'semi-sync',
    ]),
  };
  for (const k of ['syncFollowers', 'shards', 'failoverTimeoutMs'] as const) {
    if (raw[k] !== undefined) store[k] = positiveInt(kebabCase(k), raw[k], 1_000_000);
  }
  if (raw.logFormat !== undefined)
    store.logFormat = oneOf('log-format', raw.logFormat, ['row', 'statement']);
  if (raw.unsafeFailover === true) store.unsafeFailover = true;
  const t = resolveTargetOptions(raw);
  const kvValues = resolveKvValues(raw, store, t.system);
  const prefix = t.system === 'store' ? 'kv' : `${t.system}-${String(raw.workload ?? 'kv')}`;
  const test = raw.test === undefined ? `${prefix}-${readFrom}` : validateName(raw.test);
  // --nodes is a count, or for --backend external the nodes' addresses.
  const nodeCount =
    t.externalNodes.length > 0
      ? t.externalNodes.length
      : typeof raw.nodes === 'string' && /^\d+$/.test(raw.nodes)
        ? Number(raw.nodes)
        : raw.nodes;
  const nodes = positiveInt('nodes', nodeCount ?? DEFAULTS.nodes, 15);
  if (raw.applyDelayMs !== undefined) store.applyDelayMs = applyDelay(raw.applyDelayMs, nodes);
  const config: RunConfig = {
    test,
    seed: raw.seed === undefined ? seedIfAbsent : validateSeed(raw.seed),
    workload: oneOf('workload', raw.workload ?? DEFAULTS.workload, WORKLOADS),
    backend: oneOf('backend', raw.backend ?? DEFAULTS.backend, BACKENDS),
    nodes,
    concurrency: positiveInt('concurrency', raw.concurrency ?? DEFAULTS.concurrency, 1000),
    rate: positiveNumber('rate', raw.rate ?? DEFAULTS.rate),
    timeLimitS: positiveNumber('time-limit', raw.timeLimit ?? DEFAULTS.timeLimitS),
    readFrom,
    leaderWindowMs: positiveInt(
      'leader-window-ms',
      raw.leaderWindowMs ?? DEFAULTS.leaderWindowMs,
      3_600_000,
    ),
    nemesis,
    nemesisIntervalS: positiveNumber(
      'nemesis-interval',
      raw.nemesisInterval ?? DEFAULTS.nemesisIntervalS,
    ),
    nemesisSchedule,
    nemesisOptions: resolveNemesisOptions(raw),
    clockVia: resolveClockVia(raw, t.system),
    checkers: csv(raw.checkers),
    opTimeoutMs: positiveInt('op-timeout-ms', raw.opTimeoutMs ?? DEFAULTS.opTimeoutMs, 600_000),
    quiesceTimeoutMs: positiveInt(
      'quiesce-timeout-ms',
      raw.quiesceTimeoutMs ?? DEFAULTS.quiesceTimeoutMs,
      600_000,
    ),
    out: String(raw.out ?? DEFAULTS.out),
    ...resolveCheckBudget(raw),
    kvValues,
    store,
    ...(t.system === 'store' && t.externalNodes.length === 0 && Object.keys(t.hooks).length === 0
      ? {}
      : t),
  };
  checkNemesisPlan(config);
  return config;
}

/** --clock-via picks how the local backend moves a store node's clock; elsewhere it would change nothing. */
function resolveClockVia(raw: RawRunOptions, system: string): ClockViaChoice {
  const v = oneOf('clock-via', raw.clockVia ?? DEFAULTS.clockVia, CLOCK_VIA) as ClockViaChoice;
  const backend = String(raw.backend ?? DEFAULTS.backend);
  if (v !== 'auto' && (backend !== 'local' || system !== 'store'))
    throw new UsageError(
      `--clock-via ${v} chooses how clock faults reach a node of splitbrain's store on --backend local; ${system === 'store' ? `--backend ${backend}` : `--system ${system}`} moves clocks its own way: drop --clock-via`,
    );
  return v;
}

/** --apply-delay-ms as the store takes it (every node gets the same spec), checked against n1..nN. */
function applyDelay(v: unknown, nodeCount: number): string {
  const spec = String(v);
  try {
    const unknown = unknownDelayNodes(parseApplyDelay(spec), nodeIdsFor(nodeCount));
    if (unknown.length > 0)
      throw new Error(
        `--apply-delay-ms names ${unknown.join(', ')}, not a node of this ${nodeCount}-node cluster; nodes are ${nodeIdsFor(nodeCount).join(', ')}`,
      );
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return spec;
}

/** The statement log's point is divergence, so its default is values that can diverge. */
function defaultKvValues(store: RunConfig['store']): KvValues {
  return store.logFormat === 'statement' ? 'statement' : 'plain';
}

function resolveKvValues(raw: RawRunOptions, store: RunConfig['store'], system: string): KvValues {
  if (raw.kvValues === undefined) return defaultKvValues(store);
  const v = oneOf('kv-values', raw.kvValues, KV_VALUES) as KvValues;
  if (v === 'statement' && system !== 'store')
    throw new UsageError(
      `--kv-values statement needs the reference store (drop --system ${system}): other systems store plain integers`,
    );
  return v;
}

/** Store options as command-line flags for a node. */
export function storeArgs(store: RunConfig['store']): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(store)) {
    if (v === false) continue;
    out.push(`--${kebabCase(k)}`);
    if (v !== true) out.push(String(v));
  }
  return out;
}

/** The exact command that repeats a run (same seed, same options), every value quoted for a shell. */
export function repeatCommand(c: RunConfig): string {
  return shellCommand(['npx', 'splitbrain', 'run', ...repeatArgv(c)]);
}

/** The repeat command's arguments after `splitbrain run`, as argv words (unquoted). */
export function repeatArgv(c: RunConfig): string[] {
  const flag = (name: string, v: string | number) => [`--${name}`, String(v)];
  const parts = [
    ...flag('seed', c.seed),
    ...flag('test', c.test),
    ...flag('workload', c.workload),
    ...flag('backend', c.backend),
    ...flag('nodes', c.externalNodes?.length ? c.externalNodes.join(',') : c.nodes),
    ...flag('concurrency', c.concurrency),
    ...flag('rate', c.rate),
    ...flag('time-limit', c.timeLimitS),
    ...flag('read-from', c.readFrom),
    ...(c.readFrom === 'leader-window' ? flag('leader-window-ms', c.leaderWindowMs) : []),
    ...flag('nemesis', c.nemesis.length === 0 ? 'none' : c.nemesis.join(',')),
    ...flag('nemesis-interval', c.nemesisIntervalS),
  ];
  // Timeouts change which ops succeed and when the final reads start.
  if (c.opTimeoutMs !== DEFAULTS.opTimeoutMs) parts.push(...flag('op-timeout-ms', c.opTimeoutMs));
  if (c.quiesceTimeoutMs !== DEFAULTS.quiesceTimeoutMs)
    parts.push(...flag('quiesce-timeout-ms', c.quiesceTimeoutMs));
  if (c.nemesisSchedule !== null) parts.push(...flag('nemesis-schedule', c.nemesisSchedule));
  parts.push(...nemesisArgs(c.nemesisOptions));
  if (c.clockVia !== undefined && c.clockVia !== DEFAULTS.clockVia)
    parts.push(...flag('clock-via', c.clockVia));
  if (c.checkers.length > 0) parts.push(...flag('checkers', c.checkers.join(',')));
  parts.push(...checkBudgetArgs(c));
  parts.push(...storeArgs(c.store), ...targetArgs(c));
  if (c.kvValues !== undefined && c.kvValues !== defaultKvValues(c.store))
    parts.push(...flag('kv-values', c.kvValues));
  return parts;
}
