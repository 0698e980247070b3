// Replication lag over time, from the history's "monitor" records.
import type { ChartContext } from './charts.ts';
import { emptyPlot, timeAxisLabel } from './charts.ts';
import { INNER_W, r1, renderPlot } from './svg.ts';

const BINS = Math.floor(INNER_W / 2);

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Max per time bin for each series, so spikes survive downsampling. */
export function binMax(ctx: ChartContext, series: Map<string, [number, number][]>) {
  const span = ctx.x.max - ctx.x.min || 1;
  const out = new Map<string, Float64Array>();
  const gaps: number[] = [];
  let max = 0;
  for (const [name, pts] of series) {
    const bins = new Float64Array(BINS).fill(NaN);
    for (let i = 0; i < pts.length; i++) {
      const [t, v] = pts[i]!;
      const b = Math.min(BINS - 1, Math.max(0, Math.floor(((t - ctx.x.min) / span) * BINS)));
      if (!(bins[b]! >= v)) bins[b] = v;
      if (v > max) max = v;
      if (i > 0) gaps.push(t - pts[i - 1]![0]);
    }
    out.set(name, bins);
  }
  // A line may bridge a normal sampling interval, but not a silence (a paused
  // node, a stalled monitor): drawing across it would invent a trend.
  gaps.sort((a, b) => a - b);
  const typical = gaps.length ? gaps[gaps.length >> 1]! : span;
  const maxGapBins = Math.max(2, Math.ceil(((typical * 2.5) / span) * BINS));
  return { out, max, span, maxGapBins };
}

export function lines(
  ctx: ChartContext,
  binned: { out: Map<string, Float64Array>; span: number; maxGapBins: number },
) {
  const { out, span, maxGapBins } = binned;
  return (sx: (ns: number) => number, sy: (v: number) => number) =>
    [...out.values()]
      .map((bins, k) => {
        let d = '';
        let dots = '';
        let last = -Infinity;
        for (let b = 0; b < BINS; b++) {
          if (Number.isNaN(bins[b]!)) continue;
          const xy = `${r1(sx(ctx.x.min + ((b + 0.5) / BINS) * span))} ${r1(sy(bins[b]!))}`;
          d += `${b - last > maxGapBins ? 'M' : 'L'}${xy}`;
          dots += `M${xy}h0`;
          last = b;
        }
        return d
          ? `<path class="line series-${k % 6}" d="${d}"/><path class="dots series-${k % 6}" d="${dots}"/>`
          : '';
      })
      .join('');
}

export function lagPlot(ctx: ChartContext): string {
  const ms = new Map<string, [number, number][]>();
  const ops = new Map<string, [number, number][]>();
  for (const op of ctx.history) {
    if (op.process !== 'monitor' || op.f !== 'lag' || !isRecord(op.value)) continue;
    for (const [node, s] of Object.entries(op.value)) {
      if (!isRecord(s)) continue;
      if (typeof s.lagMs === 'number')
        (ms.get(node) ?? ms.set(node, []).get(node)!).push([op.time, s.lagMs]);
      if (typeof s.lagOps === 'number')
        (ops.get(node) ?? ops.set(node, []).get(node)!).push([op.time, s.lagOps]);
    }
  }
  // Milliseconds when the monitor reports them; operations behind otherwise.
  const useMs = ms.size > 0;
  const series = new Map([...(useMs ? ms : ops)].sort(([a], [b]) => a.localeCompare(b)));
  if (series.size === 0)
    return emptyPlot('Replication lag', 'no monitor lag samples in this history');
  const binned = binMax(ctx, series);
  return renderPlot({
    xLabel: timeAxisLabel(ctx),
    id: 'plot-lag',
    title: `Replication lag per node (${useMs ? 'ms' : 'ops behind'}, max per interval)`,
    yLabel: useMs ? 'lag (ms)' : 'lag (ops)',
    x: ctx.x,
    y: { min: 0, max: binned.max * 1.05 || 1 },
    faults: ctx.faults,
    legend: [...series.keys()].map((n, k) => ({ label: n, cls: `series-${k % 6}` })),
    body: lines(ctx, binned),
  });
}
