// A run's resolved config, from the options declared once (run-options.ts,
// and each system's in its descriptor): every given value validated, every
// other one defaulted, and the repeat command built back from the same
// declarations. A bad option is a UsageError (exit 3) that names the option,
// what was wrong and the fix.
import { UsageError } from '../core/errors.ts';
import { camelCase, type OptionValue, type OptionValues } from '../core/option.ts';
import type { SystemDescriptor } from '../core/system.ts';
import { HOOK_KINDS, externalNodeList, type Hooks } from '../external/options.ts';
import { SYSTEMS, systemNamed } from '../systems/index.ts';
import type { CheckBudgetOptions } from './check-budget.ts';
import {
  checkNemesisPlan,
  nemesisKinds,
  resolveNemesisOptions,
  type NemesisOptions,
} from './nemesis-flags.ts';
import { csv, givenValue, repeatWords, resolveOptions } from './options.ts';
import { MAX_NODES, RUN_OPTIONS } from './run-options.ts';
import { shellWord } from './shell-word.ts';

export interface RunConfig extends CheckBudgetOptions {
  readonly test: string;
  readonly seed: number;
  /** The system under test (systems/index.ts). */
  readonly system: string;
  readonly workload: string;
  readonly backend: string;
  readonly nodes: number;
  readonly concurrency: number;
  /** Client ops per second, across all sessions. */
  readonly rate: number;
  readonly timeLimitS: number;
  readonly readFrom: string;
  readonly nemesis: readonly string[];
  readonly nemesisIntervalS: number;
  readonly nemesisSchedule: string | null;
  /** --max-ops: the clients stop after this many ops (shrink lowers it). */
  readonly maxOps?: number;
  /** Per-fault targeting flags (nemesis/options.ts), kebab-case name → value, as given. */
  readonly nemesisOptions: NemesisOptions;
  /** How clock faults reach a local node: libfaketime, the program's own offset, or auto. */
  readonly clockVia: 'auto' | 'faketime' | 'store';
  readonly checkers: readonly string[];
  readonly opTimeoutMs: number;
  /** Bound on waiting for replicas to catch up before the final reads. */
  readonly quiesceTimeoutMs: number;
  readonly out: string;
  /** The system's own options (its descriptor's), given or defaulted, by key. */
  readonly systemOptions: OptionValues;
  /** An external cluster's nodes (--nodes host:port,...); empty otherwise. */
  readonly externalNodes: readonly string[];
  /** The external backend's control hooks: fault step → argv template (no shell). */
  readonly hooks: Hooks;
  /** What the system warns of under these settings (SystemDescriptor.warnings). */
  readonly warnings: readonly string[];
}

export interface RawRunOptions {
  readonly [key: string]: unknown;
}

/** --nodes is a count, or for --backend external the nodes' addresses. */
function nodeCount(v: unknown, external: readonly string[]): number {
  if (external.length > 0) return external.length;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_NODES)
    throw new UsageError(
      `--nodes must be a whole number from 1 to ${MAX_NODES}, got ${JSON.stringify(n)}`,
    );
  return n;
}

/** An option of another system than the chosen one means nothing to it: refuse it, naming its owner. */
function refuseOtherSystems(raw: RawRunOptions, system: SystemDescriptor): void {
  for (const other of SYSTEMS) {
    if (other === system) continue;
    for (const spec of other.options)
      if (!system.options.includes(spec) && givenValue(raw, spec) !== undefined)
        throw new UsageError(
          `--${spec.flag} is an option of ${other.title} and needs --system ${other.name}, got --system ${system.name}; --help lists each system's own options`,
        );
  }
}

/** The hooks given, each template kept as its argv (the option's value is that argv as JSON). */
function hooksOf(run: Readonly<Record<string, OptionValue>>): Hooks {
  const hooks: Partial<Record<(typeof HOOK_KINDS)[number], string[]>> = {};
  for (const kind of HOOK_KINDS) {
    const v = run[camelCase(`hook-${kind}`)];
    if (typeof v === 'string') hooks[kind] = JSON.parse(v) as string[];
  }
  return hooks;
}

/** Checks every option and fills in defaults; pure apart from the seed passed in. */
export function resolveRunConfig(raw: RawRunOptions, seedIfAbsent: number): RunConfig {
  const run = resolveOptions(raw, RUN_OPTIONS);
  const system = systemNamed(String(run.system));
  refuseOtherSystems(raw, system);
  const externalNodes = externalNodeList(run.nodes) ?? [];
  const nodes = nodeCount(run.nodes, externalNodes);
  const readFrom = String(run.readFrom);
  const settings = {
    backend: String(run.backend),
    workload: String(run.workload),
    readFrom,
    nodeCount: nodes,
    options: resolveOptions(raw, system.options),
  };
  // The store's runs are named by workload alone; kv's stay kv-<read-from>.
  const prefix =
    system.name === 'store' ? settings.workload : `${system.name}-${settings.workload}`;
  const nemesisSchedule = typeof run.nemesisSchedule === 'string' ? run.nemesisSchedule : null;
  const systemOptions = system.resolve ? system.resolve(settings) : settings.options;
  const config: RunConfig = {
    test: String(run.test ?? `${prefix}-${readFrom}`),
    seed: typeof run.seed === 'number' ? run.seed : seedIfAbsent,
    system: system.name,
    workload: settings.workload,
    backend: settings.backend,
    nodes,
    concurrency: Number(run.concurrency),
    rate: Number(run.rate),
    timeLimitS: Number(run.timeLimitS),
    readFrom,
    nemesis: nemesisKinds(run.nemesis, nemesisSchedule, 'partition'),
    nemesisIntervalS: Number(run.nemesisIntervalS),
    nemesisSchedule,
    nemesisOptions: resolveNemesisOptions(raw),
    clockVia: clockViaFor(run.clockVia as RunConfig['clockVia'], settings.backend, system.name),
    checkers: csv(run.checkers),
    opTimeoutMs: Number(run.opTimeoutMs),
    quiesceTimeoutMs: Number(run.quiesceTimeoutMs),
    out: String(run.out),
    ...(run.maxOps !== undefined ? { maxOps: Number(run.maxOps) } : {}),
    ...(run.checkTimeoutMs !== undefined ? { checkTimeoutMs: Number(run.checkTimeoutMs) } : {}),
    ...(run.checkMemoryMb !== undefined ? { checkMemoryMb: Number(run.checkMemoryMb) } : {}),
    systemOptions,
    externalNodes,
    hooks: hooksOf(run),
    warnings: system.warnings?.({ ...settings, options: systemOptions }) ?? [],
  };
  checkNemesisPlan(config);
  return config;
}

/** --clock-via picks how the local backend moves a store node's clock; elsewhere it would change nothing. */
function clockViaFor(
  v: RunConfig['clockVia'],
  backend: string,
  system: string,
): RunConfig['clockVia'] {
  if (v !== 'auto' && (backend !== 'local' || system !== 'store'))
    throw new UsageError(
      `--clock-via ${v} chooses how clock faults reach a node of splitbrain's store on --backend local; ${system === 'store' ? `--backend ${backend}` : `--system ${system}`} moves clocks its own way: drop --clock-via`,
    );
  return v;
}

/** The config as option values by key, in the form the flags take them. */
function optionValues(c: RunConfig): Record<string, OptionValue | undefined> {
  const hooks = Object.entries(c.hooks).map(([k, v]) => [
    camelCase(`hook-${k}`),
    JSON.stringify(v),
  ]);
  const nemesis = Object.entries(c.nemesisOptions).map(([k, v]) => [camelCase(k), v]);
  return {
    ...c,
    nodes: c.externalNodes.length > 0 ? c.externalNodes.join(',') : String(c.nodes),
    nemesis: c.nemesis.length === 0 ? 'none' : c.nemesis.join(','),
    nemesisSchedule: c.nemesisSchedule ?? undefined,
    checkers: c.checkers.length > 0 ? c.checkers.join(',') : undefined,
    ...Object.fromEntries([...hooks, ...nemesis]),
    ...c.systemOptions,
  } as Record<string, OptionValue | undefined>;
}

/** The words after `splitbrain run` that repeat a run (same seed, same options), unquoted. */
export function repeatArgv(c: RunConfig): string[] {
  const values = optionValues(c);
  return [
    ...repeatWords(RUN_OPTIONS, values),
    ...repeatWords(systemNamed(c.system).options, values),
  ];
}

/** The exact command that repeats a run, every value quoted for a POSIX shell. */
export function repeatCommand(c: RunConfig): string {
  return ['npx', 'splitbrain', 'run', ...repeatArgv(c)].map(shellWord).join(' ');
}
