// A generated run (config, results, history) for tests, the browser test and
// the benchmark. Seeded, so every call with the same options gives the same
// run. The anomaly is planted and its result written by hand: reports must
// render what checkers said, not work it out.
import type { CheckResult } from '../checkers/checker.ts';
import type { Op, OpType, Process } from '../core/history.ts';
import { buildResults } from './results.ts';
import type { ReportInput, RunConfig } from './types.ts';

export interface SyntheticOptions {
  /** Number of history records to generate (client, nemesis and monitor together). */
  readonly records: number;
  readonly seed?: number;
  readonly processes?: number;
  readonly keys?: number;
  /** Put `<script>` payloads in a value, a node name, an explanation and the config. */
  readonly hostile?: boolean;
}

/** mulberry32: small and seeded; reports must not use Math.random. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const XSS = '<script>alert(1)</script>';

const NODES = ['n1', 'n2', 'n3'];
// Roughly 2,000 client records per simulated second.
const STEP_NS = 500_000;

interface OpenOp {
  readonly f: string;
  readonly key: string;
  readonly value: number | null;
  readonly due: number;
}

/** Writes client, nemesis and monitor records in time order, drawing every choice from `rand`. */
class HistoryWriter {
  readonly history: Op[] = [];
  now = 0;
  /** The first write invoked a third of the way in: where the stale read is planted. */
  plantedAt = -1;
  private readonly totalNs: number;
  private readonly lastValue = new Map<string, number>();
  private readonly open = new Map<number, OpenOp>();
  private readonly procs: number[];
  private nextProc: number;
  private readonly faults: [number, Process, string, unknown][] = [
    [0.2, 'nemesis', 'start-partition', { grudge: 'halves' }],
    [0.4, 'nemesis', 'stop-partition', null],
    [0.55, 'nemesis', 'pause', ['n2']],
    [0.65, 'nemesis', 'resume', ['n2']],
    [0.8, 'nemesis', 'kill', ['n3']],
  ];

  constructor(
    private readonly opts: SyntheticOptions,
    private readonly rand: () => number,
    private readonly processes: number,
    private readonly keys: number,
  ) {
    this.totalNs = opts.records * STEP_NS;
    this.procs = Array.from({ length: processes }, (_, i) => i);
    this.nextProc = processes;
  }

  run(): void {
    while (this.history.length < this.opts.records) {
      this.now += Math.floor(STEP_NS * (0.5 + this.rand()));
      const frac = this.now / this.totalNs;
      if (this.faults.length && frac >= this.faults[0]![0]) this.fault();
      else if (this.history.length % 200 === 0) this.lagSample(frac);
      else this.clientStep(frac);
    }
  }

  private push(o: Omit<Op, 'index'>): void {
    this.history.push({ index: this.history.length, ...o } as Op);
  }

  private fault(): void {
    const [, , f, value] = this.faults.shift()!;
    this.push({ type: 'invoke', process: 'nemesis', f, value, time: this.now });
    const did = { did: f, nodes: value };
    this.push({ type: 'info', process: 'nemesis', f, value: did, time: this.now + 1000 });
  }

  /** Lag per node, with n3 spiking while the partition is on. */
  private lagSample(frac: number): void {
    const lag: Record<string, { lagOps: number; lagMs: number }> = {};
    NODES.forEach((n, i) => {
      const spike = frac > 0.2 && frac < 0.4 && i === 2 ? 400 : 0;
      lag[n] = {
        lagOps: Math.floor(this.rand() * 5 + spike / 10),
        lagMs: Math.floor(this.rand() * 20 + spike),
      };
    });
    this.push({ type: 'info', process: 'monitor', f: 'lag', value: lag, time: this.now });
  }

  /** A random process completes its open op when due, or invokes a new one. */
  private clientStep(frac: number): void {
    const slot = Math.floor(this.rand() * this.processes);
    const p = this.procs[slot]!;
    const cur = this.open.get(p);
    if (cur === undefined) this.invoke(p, frac);
    else if (cur.due <= this.now) this.complete(p, slot, cur);
  }

  private complete(p: number, slot: number, cur: OpenOp): void {
    this.open.delete(p);
    const r = this.rand();
    const type: OpType = r < 0.01 ? 'info' : r < 0.03 ? 'fail' : 'ok';
    let value: unknown;
    if (cur.f === 'write') {
      value = [['w', cur.key, cur.value]];
      if (type === 'ok') this.lastValue.set(cur.key, cur.value!);
    } else {
      value =
        type === 'ok'
          ? [['r', cur.key, this.lastValue.get(cur.key) ?? null]]
          : [['r', cur.key, null]];
    }
    const hostileNode = this.opts.hostile && this.history.length < 100;
    const node = hostileNode ? XSS : NODES[Math.floor(this.rand() * 3)]!;
    const rec: Omit<Op, 'index'> = { type, process: p, f: cur.f, value, time: this.now, node };
    this.push(type === 'ok' ? rec : { ...rec, error: type === 'info' ? 'timeout' : 'unavailable' });
    if (type === 'info') this.procs[slot] = this.nextProc++; // Jepsen's rule: an info retires the process
  }

  /** Ops invoked while the partition is on take 20 times longer; one in a hundred is very slow. */
  private invoke(p: number, frac: number): void {
    const key = `k${Math.floor(this.rand() * this.keys)}`;
    const isWrite = this.rand() < 0.5;
    const value = isWrite ? (this.lastValue.get(key) ?? 0) + 1 + Math.floor(this.rand() * 3) : null;
    const slow = frac > 0.2 && frac < 0.4 ? 20 : 1;
    const due =
      this.now + Math.floor((1 + this.rand() * 9) * 1e6 * slow * (this.rand() < 0.01 ? 20 : 1));
    this.open.set(p, { f: isWrite ? 'write' : 'read', key, value, due });
    const v = this.opts.hostile && this.history.length === 7 ? XSS : value;
    this.push({
      type: 'invoke',
      process: p,
      f: isWrite ? 'write' : 'read',
      value: isWrite ? [['w', key, v]] : [['r', key, null]],
      time: this.now,
    });
    if (this.plantedAt < 0 && frac > 0.3 && isWrite) this.plantedAt = this.history.length - 1;
  }
}

/** What the checkers "said": the planted stale read, a budget-bound unknown, staleness numbers. */
function syntheticChecks(
  history: readonly Op[],
  witness: readonly number[],
  hostile: boolean,
): Record<string, CheckResult> {
  const anomalies = witness.length
    ? [
        {
          kind: 'stale-read',
          ops: witness,
          explanation: `process ${String(history[witness[0]!]!.process)} wrote then read an older value${hostile ? ` ${XSS}` : ''}`,
        },
      ]
    : [];
  return {
    'read-your-writes': {
      valid: anomalies.length ? false : true,
      anomalies,
      stats: { reads: 1234 },
    },
    'monotonic-reads': { valid: true, anomalies: [], stats: { reads: 1234 } },
    linearizable: { valid: 'unknown', anomalies: [], stats: {}, error: 'search budget exhausted' },
    staleness: { valid: true, anomalies: [], stats: stalenessStats(history) },
  };
}

export function syntheticRun(opts: SyntheticOptions): ReportInput {
  const P = opts.processes ?? 10;
  const writer = new HistoryWriter(opts, rng(opts.seed ?? 1), P, opts.keys ?? 8);
  writer.run();
  const history = writer.history;
  const witness = writer.plantedAt >= 0 ? plantStaleRead(history, writer.plantedAt) : [];
  const checks = syntheticChecks(history, witness, opts.hostile === true);
  const config: RunConfig = {
    test: opts.hostile ? `hostile ${XSS}` : 'synthetic',
    seed: opts.seed ?? 1,
    command: `npx splitbrain run --workload register --seed ${opts.seed ?? 1}${opts.hostile ? ` --note '${XSS}'` : ''}`,
    startedAt: '2026-11-26T17:00:00.000Z',
    durationS: Math.round(writer.now / 1e7) / 100,
    backend: 'simulation',
    nodes: 3,
    concurrency: P,
    nemesis: ['partition', 'pause', 'kill'],
    workload: 'register',
    checkers: Object.keys(checks),
    versions: { splitbrain: '0.1.0', node: 'v20' },
    ...(opts.hostile ? { note: XSS } : {}),
  };
  return { config, results: buildResults(checks), history };
}

/** Stats shaped like checkers/staleness.ts writes them, naming a few late reads. */
function stalenessStats(history: readonly Op[]): Record<string, number | string> {
  const stats: Record<string, number | string> = {
    readsChecked: 0,
    staleReads: 3,
    msBehindP50: 0,
    msBehindP99: 12.5,
    msBehindMax: 40,
  };
  const reads = history.filter((o) => o.type === 'ok' && o.f === 'read');
  stats.readsChecked = reads.length;
  [0.3, 0.5, 0.9].forEach((frac, k) => {
    const op = reads[Math.floor(frac * (reads.length - 1))];
    if (op)
      stats[`worst${k + 1}`] =
        `op ${op.index}: process ${String(op.process)} read k1 and got 3, 2 versions and ${(40 / (k + 1)).toFixed(1)} ms behind 5`;
  });
  return stats;
}

/**
 * Rewrites the ops after `writeInvoke` so its process reads the key back and
 * gets an older value: the witness is [write invoke, write ok, read invoke, read ok].
 */
function plantStaleRead(history: Op[], writeInvoke: number): number[] {
  const w = history[writeInvoke]!;
  const idx: number[] = [];
  for (let i = writeInvoke + 1; i < history.length && idx.length < 3; i++)
    if (history[i]!.process === w.process) idx.push(i);
  if (idx.length < 3) return [];
  const [wok, rinv, rok] = idx as [number, number, number];
  const key = (w.value as [string, string, number][])[0]![1];
  const written = (w.value as [string, string, number][])[0]![2];
  const set = (i: number, patch: Partial<Op>) => (history[i] = { ...history[i]!, ...patch });
  set(wok, { type: 'ok', f: 'write', value: w.value, error: undefined });
  set(rinv, { type: 'invoke', f: 'read', value: [['r', key, null]] });
  set(rok, { type: 'ok', f: 'read', value: [['r', key, written - 1]], error: undefined });
  return [writeInvoke, wok, rinv, rok];
}
