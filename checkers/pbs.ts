// Probabilistically Bounded Staleness (Bailis et al., "Probabilistically
// Bounded Staleness for Practical Partial Quorums", VLDB 2012), measured from
// a history instead of predicted: t-visibility is the probability that a read
// returns the latest write completed before it began, as a function of t, the
// time from that write's completion to the read's start; k-staleness is the
// probability that a read returns one of the last k such writes. The curve
// goes into the staleness checker's stats as flat keys, for results.json and
// the report's plot:
//   pbsT<edge>Ms     P(fresh | t in (previous edge, edge]), when any read fell there
//   pbsT<edge>MsReads the reads in that bucket
//   pbsK<k>          P(the read is at most k-1 versions behind), k = 1, 2, 3
//   pbsReads         every read measured (reads of a key no write completed before are not)

/** Bucket upper edges in ms; the last bucket holds every later read. */
export const PBS_EDGES_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] as const;
const K_MAX = 3;

export class PbsCurve {
  private readonly reads = new Array<number>(PBS_EDGES_MS.length + 1).fill(0);
  private readonly fresh = new Array<number>(PBS_EDGES_MS.length + 1).fill(0);
  private readonly withinK = new Array<number>(K_MAX).fill(0);
  private total = 0;

  /** A read that began tMs after the latest completed write, `behind` completed writes behind it. */
  add(tMs: number, behind: number): void {
    let b = PBS_EDGES_MS.findIndex((e) => tMs <= e);
    if (b < 0) b = PBS_EDGES_MS.length;
    this.reads[b]!++;
    if (behind === 0) this.fresh[b]!++;
    for (let k = 1; k <= K_MAX; k++) if (behind < k) this.withinK[k - 1]!++;
    this.total++;
  }

  stats(): Record<string, number> {
    const out: Record<string, number> = { pbsReads: this.total };
    if (this.total === 0) return out;
    this.reads.forEach((n, b) => {
      if (n === 0) return;
      const edge = b < PBS_EDGES_MS.length ? String(PBS_EDGES_MS[b]) : 'Inf';
      out[`pbsT${edge}Ms`] = round3(this.fresh[b]! / n);
      out[`pbsT${edge}MsReads`] = n;
    });
    this.withinK.forEach((n, i) => (out[`pbsK${i + 1}`] = round3(n / this.total)));
    return out;
  }
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The t-visibility curve back from stats: [edge ms (Infinity last), probability, reads]. */
export function pbsCurveOf(
  stats: Readonly<Record<string, unknown>>,
): { edgeMs: number; p: number; reads: number }[] {
  const out: { edgeMs: number; p: number; reads: number }[] = [];
  for (const edge of [...PBS_EDGES_MS, Infinity]) {
    const key = `pbsT${Number.isFinite(edge) ? edge : 'Inf'}Ms`;
    const p = stats[key];
    const reads = stats[`${key}Reads`];
    if (typeof p === 'number' && typeof reads === 'number') out.push({ edgeMs: edge, p, reads });
  }
  return out;
}
