// Replication lag (from "monitor" records) and staleness (from a checker's
// results) over time. Both only read what the run recorded.
import type { CheckResult } from '../checkers/checker.ts';
import type { ChartContext } from './charts.ts';
import { emptyPlot } from './charts.ts';
import { INNER_W, r1, renderPlot } from './svg.ts';

const BINS = Math.floor(INNER_W / 2);

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Max per time bin for each series, so spikes survive downsampling. */
function binMax(ctx: ChartContext, series: Map<string, [number, number][]>) {
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

function lines(ctx: ChartContext, binned: Map<string, Float64Array>, span: number) {
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

/** Points a staleness checker may publish in its stats: [[timeNs, ms], ...] or [{time, ms}, ...]. */
function seriesFromStats(stats: unknown): [number, number][] {
  if (!isRecord(stats)) return [];
  for (const v of Object.values(stats)) {
    if (!Array.isArray(v) || v.length === 0) continue;
    const pts: [number, number][] = [];
    for (const p of v as unknown[]) {
      if (Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number')
        pts.push([p[0], p[1]]);
      else if (isRecord(p) && typeof p.time === 'number') {
        const y = p.ms ?? p.stalenessMs ?? p.value;
        if (typeof y === 'number') pts.push([p.time, y]);
      }
    }
    if (pts.length) return pts;
  }
  return [];
}

/**
 * Staleness: a series the staleness checker published in its stats when it
 * did; otherwise how many stale-read anomalies the checkers reported per
 * interval, placed at the last op of each witness.
 */
export function stalenessPlot(
  ctx: ChartContext,
  entries: readonly [string, CheckResult][],
): string {
  const source = entries.find(([id]) => /stale/i.test(id));
  const pts = source ? seriesFromStats(source[1].stats) : [];
  if (pts.length) {
    const { out, max, span } = binMax(ctx, new Map([[source![0], pts]]));
    return renderPlot({
      id: 'plot-staleness',
      title: `Staleness reported by ${source![0]} (ms, max per interval)`,
      yLabel: 'staleness (ms)',
      x: ctx.x,
      y: { min: 0, max: max * 1.05 || 1 },
      faults: ctx.faults,
      legend: [{ label: source![0], cls: 'series-0' }],
      body: lines(ctx, out, span),
    });
  }
  const times: [number, number][] = [];
  for (const [, r] of entries)
    for (const a of r.anomalies ?? []) {
      if (!/stale/i.test(a.kind)) continue;
      const t = Math.max(...(a.ops ?? []).map((i) => ctx.history[i]?.time ?? -Infinity));
      if (Number.isFinite(t)) times.push([t, 1]);
    }
  if (times.length === 0) {
    return source
      ? emptyPlot('Staleness', `${source[0]} published no time series and found no stale reads`)
      : '';
  }
  const span = ctx.x.max - ctx.x.min || 1;
  const bins = 120;
  const counts = new Float64Array(bins);
  for (const [t] of times)
    counts[Math.min(bins - 1, Math.max(0, Math.floor(((t - ctx.x.min) / span) * bins)))]!++;
  return renderPlot({
    id: 'plot-staleness',
    title: `Stale reads reported by the checkers (${times.length} in all, per ${(span / bins / 1e9).toPrecision(2)} s)`,
    yLabel: 'stale reads',
    x: ctx.x,
    y: { min: 0, max: Math.max(...counts) * 1.1 || 1 },
    faults: ctx.faults,
    legend: [{ label: 'stale reads', cls: 's-fail' }],
    body: (sx, sy) => {
      let out = '';
      counts.forEach((c, b) => {
        if (!c) return;
        const x0 = sx(ctx.x.min + (b / bins) * span);
        const x1 = sx(ctx.x.min + ((b + 1) / bins) * span);
        out += `<rect class="swatch s-fail" x="${r1(x0)}" y="${r1(sy(c))}" width="${r1(Math.max(x1 - x0 - 1, 1))}" height="${r1(sy(0) - sy(c))}"/>`;
      });
      return out;
    },
  });
}
