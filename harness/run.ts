// The run lifecycle (docs/architecture.md, "The flow of one run"): cluster up, clients
// and nemesis until the time limit, heal, quiesce, final reads, cluster down,
// check the history on disk, write results and reports.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Validity } from '../checkers/checker.ts';
import type { Op } from '../core/history.ts';
import type { Nemesis, NemesisContext } from '../nemesis/nemesis.ts';
import type { ResultsFile } from '../reports/types.ts';
import { exitCodeFor } from '../reports/results.ts';
import type { Workload } from '../workloads/workload.ts';
import { checkHistoryFile, writeResults } from './check.ts';
import { checkBudgetFor } from './check-budget.ts';
import type { Clock } from '../core/clock.ts';
import type { Backend, Capability, Cluster, FaultKind } from '../core/cluster.ts';
import { repeatCommand, type RunConfig } from './config.ts';
import {
  any,
  clients,
  limit,
  nemesis as onNemesis,
  stagger,
  timeLimit,
} from '../core/generator/combinators.ts';
import type { Generator } from '../core/generator/generator.ts';
import { interpret } from './interpreter.ts';
import { fileRecorder, type Recorder } from './recorder.ts';
import { faultsRequestedRecord } from '../core/faults-requested.ts';
import { FAULT_STARTS } from '../nemesis/schedule-file.ts';
import { createRng, type Rng } from '../core/rng.ts';
import { CONFIG_FILE, HISTORY_FILE, createRunDir } from './rundir.ts';

/** The run itself failed (exit 3): cluster would not start, a fault it cannot deliver... */
export class RunFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunFailure';
  }
}

export interface NemesisPlan {
  readonly nemesis: Nemesis;
  readonly needs: readonly FaultKind[];
  /** The kinds the schedule injects, each of which must take effect (checkers/run-health.ts). */
  readonly requested: readonly FaultKind[];
  /** The fault schedule for the main phase (null: no faults). */
  readonly generator: Generator | null;
}

export interface RunDeps {
  readonly backend: Backend;
  /** Built once the cluster is up, since how clients reach nodes depends on it. */
  readonly workload: (rng: Rng, cluster: Cluster) => Workload;
  /** Flags the system gives every node (ClusterSpec.storeArgs). */
  readonly nodeArgs: readonly string[];
  /** Checker ids when --checkers is not given. */
  readonly defaultCheckers: readonly string[];
  readonly nemesis: (rng: Rng) => NemesisPlan;
  readonly clock: Clock;
  readonly startedIso: string;
  readonly versions: Readonly<Record<string, string>>;
  /** Prints a line for the person watching. */
  readonly log: (line: string) => void;
  /** Aborting stops new ops; the run still heals, checks and reports. */
  readonly signal?: AbortSignal;
  readonly onOp?: (op: Op) => void;
  /**
   * 'batched': history lines are written every few ms of wall time and at the
   * end, not each turn (a simulated run: its cluster lives in this process).
   */
  readonly historyWrites?: 'each-turn' | 'batched';
}

export interface RunOutcome {
  readonly runDir: string;
  readonly results: ResultsFile;
  readonly valid: Validity;
  readonly exitCode: 0 | 1 | 2;
}

const MONITOR_INTERVAL_MS = 1000;

function checkCapabilities(caps: readonly Capability[], needs: readonly FaultKind[]): void {
  for (const kind of needs) {
    const cap = caps.find((c) => c.kind === kind);
    if (!cap || !cap.available) {
      throw new RunFailure(
        `the ${kind} fault cannot be delivered by this backend: ${cap?.detail ?? 'not supported'}`,
      );
    }
  }
}

/** Samples replication lag into the history as "monitor" records until stopped. */
function startMonitor(workload: Workload, cluster: Cluster, rec: Recorder, clock: Clock) {
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const lag = await workload.sampleLag(cluster.nodes).catch(() => null);
      if (lag !== null && !stopped) {
        rec.append({ type: 'info', process: 'monitor', f: 'lag', value: lag, time: clock.nowNs() });
      }
      await clock.sleepMs(MONITOR_INTERVAL_MS);
    }
  };
  const done = loop();
  return async () => {
    stopped = true;
    await done;
  };
}

async function healAll(ctx: NemesisContext, n: Nemesis, rec: Recorder, clock: Clock) {
  rec.append({
    type: 'invoke',
    process: 'nemesis',
    f: 'heal-all',
    value: null,
    time: clock.nowNs(),
  });
  const r = await n.healAll(ctx).catch((err: Error) => ({ value: null, error: err.message }));
  rec.append({
    type: 'info',
    process: 'nemesis',
    f: 'heal-all',
    value: r.value,
    time: clock.nowNs(),
    ...('error' in r && r.error ? { error: r.error } : {}),
  });
}

/**
 * The recorder writes each turn's ops before that turn's requests go out, so a
 * controller crash never loses an op a node saw. When the cluster is in this
 * process (the simulation) a crash takes both, and that write per turn (one
 * syscall each, thousands a run) protects nothing: the file recorder's own
 * timer and close() write the same lines, in the same order, in a few batches.
 */
function batched(rec: Recorder): Recorder {
  return {
    ops: rec.ops,
    append: (op) => rec.append(op),
    flush: () => {},
    close: () => rec.close(),
  };
}

/** One past the highest session id in the history: where a new phase's sessions start. */
export function nextFreeProcess(ops: readonly Op[]): number {
  let max = -1;
  for (const op of ops) if (typeof op.process === 'number' && op.process > max) max = op.process;
  return max + 1;
}

/** --max-ops bounds the clients' ops; without it the time limit alone ends them. */
function opLimit(config: RunConfig, gen: Generator): Generator {
  return config.maxOps === undefined ? gen : limit(config.maxOps, gen);
}

async function drive(
  config: RunConfig,
  deps: RunDeps,
  cluster: Cluster,
  rec: Recorder,
  rng: Rng,
  workload: Workload,
  plan: NemesisPlan,
): Promise<void> {
  checkCapabilities(cluster.capabilities(), plan.needs);
  const limitNs = config.timeLimitS * 1e9;
  const main: Generator[] = [
    clients(timeLimit(limitNs, opLimit(config, stagger(1e9 / config.rate, workload.generator())))),
  ];
  if (plan.generator !== null) main.push(onNemesis(timeLimit(limitNs, plan.generator)));
  const nemesisContext: NemesisContext = { cluster, random: () => rng.next() };
  const common = {
    concurrency: config.concurrency,
    clients: workload.clients(cluster.nodes),
    nodes: cluster.nodes,
    nemesis: plan.nemesis,
    nemesisContext,
    recorder: rec,
    rng,
    clock: deps.clock,
    opTimeoutMs: config.opTimeoutMs,
    ...(deps.onOp ? { onOp: deps.onOp } : {}),
  };
  const stopMonitor = startMonitor(workload, cluster, rec, deps.clock);
  try {
    deps.log(
      `running ${config.timeLimitS} s of ${config.workload} with ${config.concurrency} sessions`,
    );
    await interpret({
      ...common,
      generator: any(main),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    deps.log('healing every fault, waiting for replicas to catch up');
    await healAll(nemesisContext, plan.nemesis, rec, deps.clock);
    const caughtUp = await workload.quiesce(cluster.nodes, config.quiesceTimeoutMs);
    if (!caughtUp)
      deps.log(`replicas still behind after ${config.quiesceTimeoutMs} ms; reading anyway`);
    deps.log('final reads');
    const finalGen = clients(workload.finalGenerator(rec.ops, cluster.nodes));
    await interpret({ ...common, generator: finalGen, firstProcess: nextFreeProcess(rec.ops) });
  } finally {
    await stopMonitor();
  }
}

/** Checkers every run includes, after the chosen ones: a run that did nothing is never valid. */
const ALWAYS_CHECKED = ['run-health'];

export async function run(config: RunConfig, deps: RunDeps): Promise<RunOutcome> {
  const rng = createRng(config.seed);
  const workloadRng = rng.fork();
  const plan = deps.nemesis(rng.fork());
  // A fault the backend cannot deliver fails the run before anything starts, run directory included.
  const caps = deps.backend.capabilities?.() ?? [];
  if (deps.backend.capabilities) checkCapabilities(caps, plan.needs);
  const runDir = createRunDir(config.out, config.test, deps.startedIso);
  const command = repeatCommand(config);
  const startNs = deps.clock.nowNs();
  const writeConfig = (extra: object) =>
    writeFileSync(
      join(runDir, CONFIG_FILE),
      JSON.stringify(
        { ...config, command, startedAt: deps.startedIso, versions: deps.versions, ...extra },
        null,
        2,
      ) + '\n',
    );
  const chosen = config.checkers.length > 0 ? config.checkers : deps.defaultCheckers;
  const checkerIds = [...chosen, ...ALWAYS_CHECKED.filter((id) => !chosen.includes(id))];
  // How each requested fault is delivered (libfaketime or the store's offset, …), for the record.
  const faultDelivery = Object.fromEntries(
    caps.filter((c) => plan.needs.includes(c.kind)).map((c) => [c.kind, c.detail]),
  );
  writeConfig({ checkers: checkerIds, faultDelivery });
  for (const w of config.warnings) deps.log(`WARNING: ${w}`);
  deps.log(`seed ${config.seed} · run directory ${runDir}`);
  deps.log(`repeat with: ${command}`);
  const historyPath = join(runDir, HISTORY_FILE);
  const file = fileRecorder(historyPath);
  const rec = deps.historyWrites === 'batched' ? batched(file) : file;
  const requested = Object.fromEntries(plan.requested.map((k) => [k, FAULT_STARTS[k]]));
  rec.append(faultsRequestedRecord(requested, deps.clock.nowNs()));
  let cluster: Cluster | null = null;
  try {
    try {
      cluster = await deps.backend.up({
        nodeCount: config.nodes,
        storeArgs: deps.nodeArgs,
        dir: runDir,
      });
    } catch (err) {
      throw new RunFailure(`the cluster did not start: ${(err as Error).message}`, { cause: err });
    }
    deps.log(`cluster up: ${cluster.nodes.map((n) => `${n.id}@${n.host}:${n.port}`).join(' ')}`);
    await drive(config, deps, cluster, rec, rng, deps.workload(workloadRng, cluster), plan);
  } finally {
    rec.close();
    await cluster?.down();
  }
  writeConfig({
    checkers: checkerIds,
    faultDelivery,
    durationS: (deps.clock.nowNs() - startNs) / 1e9,
  });
  // The checkers' budget runs on the wall clock: the run's own clock may be virtual.
  const results = checkHistoryFile(historyPath, checkerIds, checkBudgetFor(config));
  writeResults(runDir, results);
  return { runDir, results, valid: results.valid, exitCode: exitCodeFor(results.valid) };
}
