// Harness throughput: ok ops per second the controller drives against a real
// 3-node store (local backend, every replication link through the link
// proxies), 10 sessions, no rate limit, no faults: the interpreter, the
// generator, the HTTP client, the proxies and the history recorder all in
// the loop, as in `splitbrain run --rate 100000 --concurrency 10 --nemesis none`.
// Recording to history.jsonl and keeping ops in memory only alternate on the
// same cluster, each going first in every other pair, so the machine's noise
// and any drift over the run fall on both alike, after a warm-up round that
// is not counted. Beside ops per second: CPU
// per ok op of the controller and of the store nodes, and write-type system
// calls per ok op of each (from /proc; null where there is none).
// The store keeps its default --fsync always, as a user's run does: each
// node fsyncs once per event-loop turn that appended records, before
// anything depending on them leaves it (group commit, store/durability.ts).
// The same pairs then run on a store with --fsync never, as a side figure.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localBackend } from '../local/index.ts';
import { clients, stagger, timeLimit } from '../core/generator/combinators.ts';
import { realClock } from '../core/clock.ts';
import { createRng } from '../core/rng.ts';
import { noopNemesis } from '../nemesis/nemesis.ts';
import { interpret } from '../harness/interpreter.ts';
import { fileRecorder, memoryRecorder, type Recorder } from '../harness/recorder.ts';
import { store } from '../systems/store/index.ts';
import { workloadFor } from '../workloads/index.ts';
import type { Cluster } from '../core/cluster.ts';
import { round } from './measure.ts';
import { counterDelta, procCounters, sumCounters, type ProcCounters } from './proc-counters.ts';
import { nodesDirOf } from '../kit/cluster-nodes.ts';

const SESSIONS = 10;
const ROUND_S = 4;
const WARM_UP_S = 3;
/** Pairs of rounds (one recorded, one not); even, so each kind goes first as often. */
const ROUNDS = 4;
const TARGET_OK_OPS_PER_S = 5000;
const TARGET_RECORDING_COST_PERCENT = 5;

interface Round {
  readonly okOpsPerS: number;
  readonly controllerCpuMsPerOp: number;
  readonly storeCpuMsPerOp: number | null;
  readonly storeWritesPerOp: number | null;
  readonly controllerWritesPerOp: number | null;
}

const perOp = (x: number | undefined, ok: number): number | null =>
  x === undefined ? null : x / ok;

async function drive(
  cluster: Cluster,
  recorder: Recorder,
  seed: number,
  storePids: readonly number[],
  seconds = ROUND_S,
): Promise<Round> {
  const clock = realClock();
  const settings = { backend: 'local', workload: 'kv', readFrom: 'any', nodeCount: 3, options: {} };
  const target = store.setUp(settings, clock).connect(cluster, createRng(seed));
  const workload = workloadFor('kv', target);
  const store0 = sumCounters(storePids);
  const self0 = procCounters('self');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await interpret({
    generator: clients(timeLimit(seconds * 1e9, stagger(1e9 / 100_000, workload.generator()))),
    concurrency: SESSIONS,
    clients: workload.clients(cluster.nodes),
    nodes: cluster.nodes,
    nemesis: noopNemesis,
    nemesisContext: { cluster, random: () => 0 },
    recorder,
    rng: createRng(seed),
    clock,
    opTimeoutMs: 5000,
  });
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const storeUsed: ProcCounters | null = counterDelta(store0, sumCounters(storePids));
  const selfUsed = counterDelta(self0, procCounters('self'));
  recorder.close();
  const ok = recorder.ops.filter((o) => o.type === 'ok').length;
  return {
    okOpsPerS: ok / s,
    controllerCpuMsPerOp: (cpu.user + cpu.system) / 1000 / ok,
    storeCpuMsPerOp: perOp(storeUsed?.cpuMs, ok),
    storeWritesPerOp: perOp(storeUsed?.writeSyscalls, ok),
    controllerWritesPerOp: perOp(selfUsed?.writeSyscalls, ok),
  };
}

/** Each node's pid, from the pid file the local backend leaves beside its log. */
function nodePids(dir: string, cluster: Cluster): number[] {
  return cluster.nodes.map((n) =>
    Number(readFileSync(join(nodesDirOf(dir), `${n.id}.pid`), 'utf8').trim()),
  );
}

const best = (xs: readonly number[]) => Math.max(...xs);
const least = (xs: readonly number[]) => Math.min(...xs);
/** The least of figures that may be unknown: null if any is. */
const leastKnown = (xs: readonly (number | null)[], digits: number): number | null =>
  xs.some((x) => x === null) ? null : round(least(xs as number[]), digits);

function summary(recorded: readonly Round[], unrecorded: readonly Round[]) {
  const ops = (rs: readonly Round[]) => rs.map((r) => r.okOpsPerS);
  const cpu = (rs: readonly Round[]) => rs.map((r) => r.controllerCpuMsPerOp);
  const costPercent = (100 * (best(ops(unrecorded)) - best(ops(recorded)))) / best(ops(unrecorded));
  // Controller CPU per op suffers less from other processes on the machine than ops per second.
  const cpuCostPercent =
    (100 * (least(cpu(recorded)) - least(cpu(unrecorded)))) / least(cpu(unrecorded));
  return {
    sessions: SESSIONS,
    roundS: ROUND_S,
    okOpsPerS: { measured: round(best(ops(recorded)), 0), target: TARGET_OK_OPS_PER_S },
    okOpsPerSWithoutRecording: round(best(ops(unrecorded)), 0),
    recordingCostPercent: {
      measured: round(costPercent, 1),
      target: TARGET_RECORDING_COST_PERCENT,
    },
    recordingCpuCostPercent: {
      measured: round(cpuCostPercent, 1),
      target: TARGET_RECORDING_COST_PERCENT,
    },
    controllerCpuMsPerOp: round(least(cpu(recorded)), 3),
    controllerCpuMsPerOpWithoutRecording: round(least(cpu(unrecorded)), 3),
    storeCpuMsPerOp: leastKnown(
      recorded.map((r) => r.storeCpuMsPerOp),
      3,
    ),
    storeWriteSyscallsPerOp: leastKnown(
      recorded.map((r) => r.storeWritesPerOp),
      2,
    ),
    controllerWriteSyscallsPerOp: leastKnown(
      recorded.map((r) => r.controllerWritesPerOp),
      2,
    ),
    controllerWriteSyscallsPerOpWithoutRecording: leastKnown(
      unrecorded.map((r) => r.controllerWritesPerOp),
      2,
    ),
    rounds: {
      recorded: ops(recorded).map((x) => round(x, 0)),
      unrecorded: ops(unrecorded).map((x) => round(x, 0)),
    },
  };
}

/** Recorded and unrecorded rounds in turn on one cluster started with these store flags. */
async function pairs(storeArgs: readonly string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'splitbrain-bench-throughput-'));
  const settings = { backend: 'local', workload: 'kv', readFrom: 'any', nodeCount: 3, options: {} };
  const { launcher } = store.setUp(settings, realClock());
  const cluster = await localBackend({ launcher: launcher!, clockVia: 'store' }).up({
    nodeCount: 3,
    storeArgs: ['--replication', 'async', ...storeArgs],
    dir,
  });
  try {
    const pids = nodePids(dir, cluster);
    // Not counted: a fresh controller and cluster run slower for their first
    // seconds (compiling, connecting), which would fall on whichever went first.
    await drive(cluster, memoryRecorder({ sendsAtTurnEnd: true }), ROUNDS, pids, WARM_UP_S);
    const recorded: Round[] = [];
    const unrecorded: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const history = join(dir, `history-${r}.jsonl`);
      const rec = () => drive(cluster, fileRecorder(history), r, pids);
      const mem = () => drive(cluster, memoryRecorder({ sendsAtTurnEnd: true }), r, pids);
      if (r % 2 === 0) {
        recorded.push(await rec());
        unrecorded.push(await mem());
      } else {
        unrecorded.push(await mem());
        recorded.push(await rec());
      }
    }
    return { recorded, unrecorded };
  } finally {
    await cluster.down();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function benchThroughput() {
  const always = await pairs([]);
  // Beside the target, not instead of it: the same pairs without the store's
  // fsync show how much of the gap to 5,000 the disk accounts for.
  const never = await pairs(['--fsync', 'never']);
  return {
    ...summary(always.recorded, always.unrecorded),
    // What the harness drives when the store's disk does not bound it.
    withStoreFsyncNever: {
      okOpsPerS: {
        measured: round(best(never.recorded.map((r) => r.okOpsPerS)), 0),
        target: TARGET_OK_OPS_PER_S,
      },
      okOpsPerSWithoutRecording: round(best(never.unrecorded.map((r) => r.okOpsPerS)), 0),
      controllerCpuMsPerOp: round(least(never.recorded.map((r) => r.controllerCpuMsPerOp)), 3),
      controllerCpuMsPerOpWithoutRecording: round(
        least(never.unrecorded.map((r) => r.controllerCpuMsPerOp)),
        3,
      ),
      storeCpuMsPerOp: leastKnown(
        never.recorded.map((r) => r.storeCpuMsPerOp),
        3,
      ),
    },
  };
}
