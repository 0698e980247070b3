// Anomalies kept whole: a checker lists the first `limit` (a broken store
// finds millions, and a report cannot show them all) but counts every one by
// kind and where it happened, so results.json, the report, the terminal and
// junit can say how many of each kind exist and plot all of them.
// Each anomaly costs 12 bytes beyond the listed ones (three typed arrays).
import { anomalyCountsOf, type Anomaly, type AnomalyBins, type CheckResult } from './checker.ts';
import { IntVec } from './int-vec.ts';

export const DEFAULT_LISTED = 100;
/** Bins of the anomaly histogram over op indices (the report re-bins them by time). */
export const ANOMALY_BINS = 240;

interface Listed extends Anomaly {
  readonly keyId: number;
}

/** The part of a CheckResult an AnomalyLog fills. */
export type AnomalyPart = Pick<
  CheckResult,
  'anomalies' | 'anomalyCounts' | 'anomaliesTruncated' | 'anomalyBins'
>;

export class AnomalyLog {
  private readonly listed: Listed[] = [];
  private readonly kinds: string[] = [];
  private readonly kindIds = new Map<string, number>();
  private readonly keyIds = new Map<string, number>();
  private readonly dropped = new Set<number>();
  /** Per anomaly: its kind, its key, its last witness op. */
  private readonly kindOf = new IntVec(64);
  private readonly keyOf = new IntVec(64);
  private readonly lastOp = new IntVec(64);
  private live = 0;

  constructor(readonly limit = DEFAULT_LISTED) {}

  /** Anomalies counted so far, less those on dropped keys. */
  get count(): number {
    return this.live;
  }

  /**
   * Records one anomaly. `key` names what it is about when the checker may
   * later find that its verdict on that key cannot stand (see dropKey).
   */
  add(kind: string, ops: readonly number[], explanation: string, key = ''): void {
    const keyId = this.idOf(this.keyIds, key);
    if (this.dropped.has(keyId)) return;
    let kindId = this.kindIds.get(kind);
    if (kindId === undefined) {
      kindId = this.kinds.length;
      this.kinds.push(kind);
      this.kindIds.set(kind, kindId);
    }
    const sorted = [...new Set(ops)].sort((a, b) => a - b);
    this.kindOf.push(kindId);
    this.keyOf.push(keyId);
    this.lastOp.push(sorted.at(-1) ?? -1);
    this.live++;
    if (this.listed.length < this.limit)
      this.listed.push({ kind, ops: sorted, explanation, keyId });
  }

  /** Forgets every anomaly about `key`, now and later (its verdict is unknown instead). */
  dropKey(key: string): void {
    const keyId = this.idOf(this.keyIds, key);
    if (this.dropped.has(keyId)) return;
    this.dropped.add(keyId);
    for (let i = this.listed.length - 1; i >= 0; i--)
      if (this.listed[i]!.keyId === keyId) this.listed.splice(i, 1);
    let n = 0;
    for (let i = 0; i < this.keyOf.length; i++) if (this.keyOf.get(i) === keyId) n++;
    this.live -= n;
  }

  /** The listed anomalies, the count of every kind, and where they happened. */
  result(): AnomalyPart {
    const counts: Record<string, number> = {};
    let maxOp = 0;
    for (let i = 0; i < this.kindOf.length; i++) {
      if (this.dropped.has(this.keyOf.get(i))) continue;
      const kind = this.kinds[this.kindOf.get(i)]!;
      counts[kind] = (counts[kind] ?? 0) + 1;
      maxOp = Math.max(maxOp, this.lastOp.get(i));
    }
    const anomalies = this.listed.map(({ kind, ops, explanation }) => ({ kind, ops, explanation }));
    return {
      anomalies,
      anomalyCounts: counts,
      anomaliesTruncated: anomalies.length < this.live,
      anomalyBins: this.bins(maxOp),
    };
  }

  private bins(maxOp: number): AnomalyBins {
    const opsPerBin = Math.max(1, Math.ceil((maxOp + 1) / ANOMALY_BINS));
    const perKind = new Map<string, Map<number, number>>();
    for (let i = 0; i < this.kindOf.length; i++) {
      if (this.dropped.has(this.keyOf.get(i)) || this.lastOp.get(i) < 0) continue;
      const kind = this.kinds[this.kindOf.get(i)]!;
      let m = perKind.get(kind);
      if (m === undefined) perKind.set(kind, (m = new Map()));
      const bin = Math.floor(this.lastOp.get(i) / opsPerBin);
      m.set(bin, (m.get(bin) ?? 0) + 1);
    }
    const kinds: Record<string, [number, number][]> = {};
    for (const [kind, m] of perKind) kinds[kind] = [...m].sort((a, b) => a[0] - b[0]);
    return { opsPerBin, kinds };
  }

  private idOf(ids: Map<string, number>, name: string): number {
    let id = ids.get(name);
    if (id === undefined) ids.set(name, (id = ids.size));
    return id;
  }
}

/** Several results' anomalies as one: listed ones in witness order, counts summed, bins re-binned. */
export function mergeAnomalies(parts: readonly CheckResult[]): AnomalyPart {
  const anomalies = parts.flatMap((r) => r.anomalies);
  anomalies.sort((a, b) => (a.ops.at(-1) ?? 0) - (b.ops.at(-1) ?? 0));
  const counts: Record<string, number> = {};
  for (const r of parts)
    for (const [kind, n] of Object.entries(anomalyCountsOf(r)))
      counts[kind] = (counts[kind] ?? 0) + n;
  const opsPerBin = Math.max(1, ...parts.map((r) => r.anomalyBins?.opsPerBin ?? 1));
  const kinds = new Map<string, Map<number, number>>();
  for (const r of parts) {
    const b = r.anomalyBins;
    if (b === undefined) continue;
    for (const [kind, pairs] of Object.entries(b.kinds)) {
      let m = kinds.get(kind);
      if (m === undefined) kinds.set(kind, (m = new Map()));
      for (const [bin, n] of pairs) {
        const at = Math.floor((bin * b.opsPerBin) / opsPerBin);
        m.set(at, (m.get(at) ?? 0) + n);
      }
    }
  }
  const out: Record<string, [number, number][]> = {};
  for (const [kind, m] of kinds) out[kind] = [...m].sort((a, b) => a[0] - b[0]);
  return {
    anomalies,
    anomalyCounts: counts,
    anomaliesTruncated: parts.some((r) => r.anomaliesTruncated === true),
    anomalyBins: { opsPerBin, kinds: out },
  };
}
