// Staleness statistics: for each read, how many versions and how many ms it
// lags the newest write acknowledged before the read began. Measurement, not
// a verdict: valid once it measured a read (unknown with no read at all); the
// numbers and the worst reads go in stats. Keys without one writer counting
// up have no version order to measure against and are left out (counted).
import type { Checker, CheckPass, CheckResult } from './checker.ts';
import type { Op } from '../core/history.ts';
import { IntVec } from './int-vec.ts';
import {
  orderWrites,
  pairer,
  readsOf,
  secs,
  VersionOrder,
  writesOf,
  type Completed,
  type VersionedMicro,
} from './kv-session.ts';

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

/** Position of the newest write acknowledged by `timeNs`, or -1 (acknowledgements ascend in time). */
function newestBy(a: Acked | undefined, timeNs: number): number {
  if (a === undefined) return -1;
  let hi = a.version.length;
  while (hi > 0 && a.timeNs[hi - 1]! > timeNs) hi--;
  return hi - 1;
}

function grown(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** Keeps the WORST_KEPT reads furthest behind in ms, worst first. */
function keepWorst(worst: Worst[], w: Worst): void {
  if (worst.length >= WORST_KEPT && w.ms <= worst[worst.length - 1]!.ms) return;
  worst.push(w);
  worst.sort((x, y) => y.ms - x.ms);
  worst.length = Math.min(worst.length, WORST_KEPT);
}

/** One pass: acknowledged writes per key, and how far behind them each read was. */
class StalenessPass implements CheckPass {
  private readonly acked = new Map<string, Acked>();
  private readonly worst: Worst[] = [];
  private readonly order = new VersionOrder();
  private readonly complete = pairer((c) => this.onComplete(c));
  private behindVersions = new Float64Array(1024);
  private behindMs = new Float64Array(1024);
  private reads = 0;
  private staleReads = 0;

  step(op: Op): void {
    orderWrites(op, this.order, null);
    this.complete(op);
  }

  finish(): CheckResult {
    const v = this.behindVersions.slice(0, this.reads).sort();
    const ms = this.behindMs.slice(0, this.reads).sort();
    const stats: Record<string, number | string> = {
      readsChecked: this.reads,
      staleReads: this.staleReads,
      versionsBehindP50: quantile(v, 0.5),
      versionsBehindP99: quantile(v, 0.99),
      versionsBehindMax: quantile(v, 1),
      msBehindP50: quantile(ms, 0.5),
      msBehindP99: quantile(ms, 0.99),
      msBehindMax: quantile(ms, 1),
    };
    this.worst.forEach((w, i) => (stats[`worst${i + 1}`] = w.text));
    stats.keysWithoutOrder = this.order.broken.size;
    if (this.reads === 0) {
      const error = 'nothing checked: no ok read of a key with a version order to measure';
      return { valid: 'unknown', anomalies: [], stats, error };
    }
    return { valid: true, anomalies: [], stats };
  }

  private onComplete(c: Completed): void {
    for (const r of readsOf(c)) if (!this.order.broken.has(r.key)) this.measure(c, r);
    if (c.done.type !== 'ok') return;
    for (const w of writesOf(c)) {
      let a = this.acked.get(w.key);
      if (a === undefined) this.acked.set(w.key, (a = { version: new IntVec(), timeNs: [] }));
      a.version.push(w.version);
      a.timeNs.push(c.done.time);
    }
  }

  /** How far the read lags the newest write acknowledged before it began; later ones it need not see. */
  private measure(c: Completed, r: VersionedMicro): void {
    const a = this.acked.get(r.key);
    const newest = newestBy(a, c.invoke.time);
    if (a === undefined || newest < 0 || a.version.get(newest) <= r.version) {
      this.record(0, 0);
      return;
    }
    const first = firstAbove(a.version, r.version);
    const versions = a.version.get(newest) - r.version;
    const ms = (c.invoke.time - a.timeNs[first]!) / 1e6;
    this.record(versions, ms);
    this.staleReads++;
    const text = `op ${c.done.index}: process ${c.process} read ${r.key} at ${secs(c.invoke.time)} and got ${r.version}, ${versions} versions and ${ms.toFixed(1)} ms behind ${a.version.get(newest)}`;
    keepWorst(this.worst, { ms, text });
  }

  private record(versions: number, ms: number): void {
    if (this.reads === this.behindMs.length) {
      this.behindVersions = grown(this.behindVersions);
      this.behindMs = grown(this.behindMs);
    }
    this.behindVersions[this.reads] = versions;
    this.behindMs[this.reads++] = ms;
  }
}

export const staleness: Checker = {
  id: 'staleness',
  description:
    'measures how many versions and ms each read lags the newest acknowledged write (statistics only)',
  start: () => new StalenessPass(),
};
