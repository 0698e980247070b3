// Staleness statistics: for each read, how many versions and how many ms it
// lags the newest write acknowledged before the read began, and the PBS
// t-visibility and k-staleness curves (pbs.ts). Measurement, not
// a verdict: valid once it measured a read (unknown with no read at all); the
// numbers and the worst reads go in stats. Keys without one writer counting
// up have no version order to measure against and are left out (counted).
import type { Checker, CheckPass } from './checker.ts';
import type { Op } from '../core/history.ts';
import { IntVec } from './int-vec.ts';
import {
  FINAL_READ,
  orderWrites,
  pairer,
  readsOf,
  secs,
  VersionOrder,
  writesOf,
} from './kv-session.ts';
import { PbsCurve } from './pbs.ts';

interface Acked {
  readonly version: IntVec;
  readonly timeNs: number[];
}

interface Worst {
  readonly ms: number;
  readonly text: string;
}

const WORST_KEPT = 5;

/** The quantile of an ascending array (nearest rank). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** First position in `v` whose version exceeds `x` (versions ascend). */
function firstAbove(v: IntVec, x: number): number {
  let lo = 0;
  let hi = v.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v.get(mid) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function grow(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** The last write acknowledged before timeNs (-1: none); later ones a read need not see. */
function newestBefore(a: Acked, timeNs: number): number {
  let hi = a.version.length;
  while (hi > 0 && a.timeNs[hi - 1]! > timeNs) hi--;
  return hi - 1;
}

function start(): CheckPass {
  const acked = new Map<string, Acked>();
  let behindVersions = new Float64Array(1024);
  let behindMs = new Float64Array(1024);
  let reads = 0;
  let staleReads = 0;
  const worst: Worst[] = [];
  const order = new VersionOrder();
  const pbs = new PbsCurve();

  const record = (versions: number, ms: number): void => {
    if (reads === behindMs.length) {
      behindVersions = grow(behindVersions);
      behindMs = grow(behindMs);
    }
    behindVersions[reads] = versions;
    behindMs[reads++] = ms;
  };

  const complete = pairer((c) => {
    for (const r of readsOf(c)) {
      if (order.broken.has(r.key)) continue;
      const a = acked.get(r.key);
      const newest = a === undefined ? -1 : newestBefore(a, c.invoke.time);
      // PBS looks at the sessions' reads; final reads come after the quiesce.
      if (a !== undefined && newest >= 0 && c.invoke.f !== FINAL_READ) {
        const behind = Math.max(0, newest + 1 - firstAbove(a.version, r.version));
        pbs.add((c.invoke.time - a.timeNs[newest]!) / 1e6, behind);
      }
      if (a === undefined || newest < 0 || a.version.get(newest) <= r.version) {
        record(0, 0);
        continue;
      }
      const first = firstAbove(a.version, r.version);
      const versions = a.version.get(newest) - r.version;
      const ms = (c.invoke.time - a.timeNs[first]!) / 1e6;
      record(versions, ms);
      staleReads++;
      if (worst.length < WORST_KEPT || ms > worst[worst.length - 1]!.ms) {
        const text = `op ${c.done.index}: process ${c.process} read ${r.key} at ${secs(c.invoke.time)} and got ${r.version}, ${versions} versions and ${ms.toFixed(1)} ms behind ${a.version.get(newest)}`;
        worst.push({ ms, text });
        worst.sort((x, y) => y.ms - x.ms);
        worst.length = Math.min(worst.length, WORST_KEPT);
      }
    }
    if (c.done.type !== 'ok') return;
    for (const w of writesOf(c)) {
      let a = acked.get(w.key);
      if (a === undefined) acked.set(w.key, (a = { version: new IntVec(), timeNs: [] }));
      a.version.push(w.version);
      a.timeNs.push(c.done.time);
    }
  });

  const finish = () => {
    const v = behindVersions.slice(0, reads).sort();
    const ms = behindMs.slice(0, reads).sort();
    const stats: Record<string, number | string> = {
      readsChecked: reads,
      staleReads,
      versionsBehindP50: quantile(v, 0.5),
      versionsBehindP99: quantile(v, 0.99),
      versionsBehindMax: quantile(v, 1),
      msBehindP50: quantile(ms, 0.5),
      msBehindP99: quantile(ms, 0.99),
      msBehindMax: quantile(ms, 1),
    };
    worst.forEach((w, i) => (stats[`worst${i + 1}`] = w.text));
    stats.keysWithoutOrder = order.broken.size;
    Object.assign(stats, pbs.stats());
    if (reads === 0) {
      const error = 'nothing checked: no ok read of a key with a version order to measure';
      return { valid: 'unknown' as const, anomalies: [], stats, error };
    }
    return { valid: true as const, anomalies: [], stats };
  };
  const step = (op: Op): void => {
    orderWrites(op, order, null);
    complete(op);
  };
  return { step, finish };
}

export const staleness: Checker = {
  id: 'staleness',
  description:
    'measures how many versions and ms each read lags the newest acknowledged write, and PBS t-visibility and k-staleness (statistics only)',
  start,
};
