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

export function syntheticRun(opts: SyntheticOptions): ReportInput {
  const rand = rng(opts.seed ?? 1);
  const P = opts.processes ?? 10;
  const K = opts.keys ?? 8;
  const nodes = ['n1', 'n2', 'n3'];
  const history: Op[] = [];
  const push = (o: Omit<Op, 'index'>) => history.push({ index: history.length, ...o } as Op);
  // Roughly 2,000 client records per simulated second.
  const stepNs = 500_000;
  const totalNs = opts.records * stepNs;
  const lastValue = new Map<string, number>();
  const open = new Map<number, { f: string; key: string; value: number | null; due: number }>();
  let now = 0;
  let nextProc = P;
  const procs = Array.from({ length: P }, (_, i) => i);
  const faults: [number, Process, string, unknown][] = [
    [0.2, 'nemesis', 'start-partition', { grudge: 'halves' }],
    [0.4, 'nemesis', 'stop-partition', null],
    [0.55, 'nemesis', 'pause', ['n2']],
    [0.65, 'nemesis', 'resume', ['n2']],
    [0.8, 'nemesis', 'kill', ['n3']],
  ];
  let plantedAt = -1;
  const witness: number[] = [];

  while (history.length < opts.records) {
    now += Math.floor(stepNs * (0.5 + rand()));
    const frac = now / totalNs;
    if (faults.length && frac >= faults[0]![0]) {
      const [, , f, value] = faults.shift()!;
      push({ type: 'invoke', process: 'nemesis', f, value, time: now });
      push({
        type: 'info',
        process: 'nemesis',
        f,
        value: { did: f, nodes: value },
        time: now + 1000,
      });
      continue;
    }
    if (history.length % 200 === 0) {
      const lag: Record<string, { lagOps: number; lagMs: number }> = {};
      nodes.forEach((n, i) => {
        const spike = frac > 0.2 && frac < 0.4 && i === 2 ? 400 : 0;
        lag[n] = {
          lagOps: Math.floor(rand() * 5 + spike / 10),
          lagMs: Math.floor(rand() * 20 + spike),
        };
      });
      push({ type: 'info', process: 'monitor', f: 'lag', value: lag, time: now });
      continue;
    }
    const slot = Math.floor(rand() * P);
    const p = procs[slot]!;
    const cur = open.get(p);
    if (cur) {
      if (cur.due > now) continue;
      open.delete(p);
      const r = rand();
      const type: OpType = r < 0.01 ? 'info' : r < 0.03 ? 'fail' : 'ok';
      let value: unknown;
      if (cur.f === 'write') {
        value = [['w', cur.key, cur.value]];
        if (type === 'ok') lastValue.set(cur.key, cur.value!);
      } else {
        value =
          type === 'ok' ? [['r', cur.key, lastValue.get(cur.key) ?? null]] : [['r', cur.key, null]];
      }
      const node = opts.hostile && history.length < 100 ? XSS : nodes[Math.floor(rand() * 3)]!;
      const rec: Omit<Op, 'index'> = { type, process: p, f: cur.f, value, time: now, node };
      push(type === 'ok' ? rec : { ...rec, error: type === 'info' ? 'timeout' : 'unavailable' });
      if (type === 'info') procs[slot] = nextProc++; // Jepsen's rule: an info retires the process
      continue;
    }
    const key = `k${Math.floor(rand() * K)}`;
    const isWrite = rand() < 0.5;
    const value = isWrite ? (lastValue.get(key) ?? 0) + 1 + Math.floor(rand() * 3) : null;
    const slow = frac > 0.2 && frac < 0.4 ? 20 : 1;
    const due = now + Math.floor((1 + rand() * 9) * 1e6 * slow * (rand() < 0.01 ? 20 : 1));
    open.set(p, { f: isWrite ? 'write' : 'read', key, value, due });
    const v = opts.hostile && history.length === 7 ? XSS : value;
    push({
      type: 'invoke',
      process: p,
      f: isWrite ? 'write' : 'read',
      value: isWrite ? [['w', key, v]] : [['r', key, null]],
      time: now,
    });
    if (plantedAt < 0 && frac > 0.3 && isWrite) plantedAt = history.length - 1;
  }
  if (plantedAt >= 0) witness.push(...plantStaleRead(history, plantedAt));

  const anomalies = witness.length
    ? [
        {
          kind: 'stale-read',
          ops: witness,
          explanation: `process ${String(history[witness[0]!]!.process)} wrote then read an older value${opts.hostile ? ` ${XSS}` : ''}`,
        },
      ]
    : [];
  const checks: Record<string, CheckResult> = {
    'read-your-writes': {
      valid: anomalies.length ? false : true,
      anomalies,
      stats: { reads: 1234 },
    },
    'monotonic-reads': { valid: true, anomalies: [], stats: { reads: 1234 } },
    linearizable: { valid: 'unknown', anomalies: [], stats: {}, error: 'search budget exhausted' },
    staleness: { valid: true, anomalies: [], stats: stalenessStats(history) },
  };
  const config: RunConfig = {
    test: opts.hostile ? `hostile ${XSS}` : 'synthetic',
    seed: opts.seed ?? 1,
    command: `npx splitbrain run --workload register --seed ${opts.seed ?? 1}${opts.hostile ? ` --note '${XSS}'` : ''}`,
    startedAt: '2026-11-26T17:00:00.000Z',
    durationS: Math.round(now / 1e7) / 100,
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
