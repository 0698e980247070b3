// Replication lag over time, from the history's "monitor" records.
import type { ChartContext } from './charts.ts';
import { emptyPlot } from './charts.ts';
import { INNER_W, r1, renderPlot } from './svg.ts';

const BINS = Math.floor(INNER_W / 2);

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Max per time bin for each series, so spikes survive downsampling. */
export function binMax(ctx: ChartContext, series: Map<string, [number, number][]>) {
  const span = ctx.x.max - ctx.x.min || 1;
  const out = new Map<string, Float64Array>();
  let max = 0;
  for (const [name, pts] of series) {
    const bins = new Float64Array(BINS).fill(NaN);
    for (const [t, v] of pts) {
      const b = Math.min(BINS - 1, Math.max(0, Math.floor(((t - ctx.x.min) / span) * BINS)));
      if (!(bins[b]! >= v)) bins[b] = v;
      if (v > max) max = v;
    }
    out.set(name, bins);
  }
  return { out, max, span };
}

export function lines(ctx: ChartContext, binned: Map<string, Float64Array>, span: number) {
  return (sx: (ns: number) => number, sy: (v: number) => number) =>
    [...binned.values()]
      .map((bins, k) => {
        let d = '';
        let pen = 'M';
        for (let b = 0; b < BINS; b++) {
          if (Number.isNaN(bins[b]!)) continue;
          const t = ctx.x.min + ((b + 0.5) / BINS) * span;
          d += `${pen}${r1(sx(t))} ${r1(sy(bins[b]!))}`;
          pen = 'L';
        }
        return d ? `<path class="line series-${k % 6}" d="${d}"/>` : '';
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
  const { out, max, span } = binMax(ctx, series);
  return renderPlot({
    id: 'plot-lag',
    title: `Replication lag per node (${useMs ? 'ms' : 'ops behind'}, max per interval)`,
    yLabel: useMs ? 'lag (ms)' : 'lag (ops)',
    x: ctx.x,
    y: { min: 0, max: max * 1.05 || 1 },
    faults: ctx.faults,
    legend: [...series.keys()].map((n, k) => ({ label: n, cls: `series-${k % 6}` })),
    body: lines(ctx, out, span),
  });
}
