// The run-wide plots. Each aggregates the history into a bounded number of
// marks (cells, bins) so a million-op run draws as fast as a thousand-op one.
import type { Op } from '../core/history.ts';
import { escapeHtml } from './escape.ts';
import type { FaultInterval } from './faults.ts';
import type { Pairs } from './pairs.ts';
import { INNER_W, renderPlot, r1, type Axis } from './svg.ts';

export interface ChartContext {
  readonly history: readonly Op[];
  readonly pairs: Pairs;
  readonly faults: readonly FaultInterval[];
  /** Time axis shared by every plot, ns. */
  readonly x: Axis;
  /** Times come from a virtual clock (the sim backend): axes and titles say so. */
  readonly simulated?: boolean;
}

/** The x-axis label every plot shares. */
export function timeAxisLabel(ctx: ChartContext): string {
  return ctx.simulated ? 'simulated time since start (s)' : 'time since start (s)';
}

const COMPLETION_TYPES = ['ok', 'info', 'fail'] as const;
type CompletionType = (typeof COMPLETION_TYPES)[number];

/** Latency cell size in plot units: fine enough to show outliers, coarse enough to bound the markup. */
const CELL_X = 1.5;
const CELL_Y = 2;

export function fmtMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms >= 1000) return `${ms / 1000} s`;
  if (ms >= 1) return `${ms} ms`;
  return `${ms * 1000} µs`;
}

/** Latency of every client op at its invoke time, one dot per occupied cell and completion type. */
export function latencyPlot(ctx: ChartContext): string {
  const { history, pairs } = ctx;
  const points: [number, number, CompletionType][] = [];
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < history.length; i++) {
    const op = history[i]!;
    const inv = pairs.invokeOf[i]!;
    if (inv < 0 || typeof op.process !== 'number' || op.type === 'invoke') continue;
    const start = history[inv]!.time;
    const ms = Math.max((op.time - start) / 1e6, 1e-3);
    points.push([start, ms, op.type]);
    if (ms < lo) lo = ms;
    if (ms > hi) hi = ms;
  }
  if (points.length === 0) return emptyPlot('Latency', 'no completed client operations');
  const y: Axis = {
    min: 10 ** Math.floor(Math.log10(lo)),
    max: 10 ** Math.ceil(Math.log10(hi) + 1e-9),
    log: true,
  };
  return renderPlot({
    id: 'plot-latency',
    title: ctx.simulated
      ? `Latency of ${points.length.toLocaleString('en-US')} client operations in simulated ms (the simulated network's delays, not real time)`
      : `Latency of ${points.length.toLocaleString('en-US')} client operations (by invoke time)`,
    xLabel: timeAxisLabel(ctx),
    yLabel: 'latency (log)',
    x: ctx.x,
    y,
    faults: ctx.faults,
    formatY: fmtMs,
    legend: [
      ...COMPLETION_TYPES.map((t) => ({ label: t, cls: `s-${t}` })),
      { label: 'ok p50', cls: 'q50' },
      { label: 'ok p99', cls: 'q99' },
    ],
    body: (sx, sy) => {
      const cells = new Map<CompletionType, Set<number>>(
        COMPLETION_TYPES.map((t) => [t, new Set()]),
      );
      for (const [t, ms, type] of points) {
        const cx = Math.round(sx(t) / CELL_X);
        const cy = Math.round(sy(ms) / CELL_Y);
        cells.get(type)!.add(cx * 100_000 + cy);
      }
      return COMPLETION_TYPES.map((type) => {
        let d = '';
        for (const key of cells.get(type)!) {
          const cx = Math.floor(key / 100_000);
          d += `M${r1(cx * CELL_X)} ${r1((key - cx * 100_000) * CELL_Y)}h0`;
        }
        return d ? `<path class="dots s-${type}" d="${d}"/>` : '';
      })
        .concat(quantileLines(ctx, points, sx, sy))
        .join('');
    },
  });
}

const QUANTILE_BINS = 80;

/** p50 and p99 of ok latencies per time bin, drawn over the dots (Jepsen's latency-quantiles). */
function quantileLines(
  ctx: ChartContext,
  points: readonly [number, number, CompletionType][],
  sx: (ns: number) => number,
  sy: (v: number) => number,
): string[] {
  const span = ctx.x.max - ctx.x.min || 1;
  const bins: number[][] = Array.from({ length: QUANTILE_BINS }, () => []);
  for (const [t, ms, type] of points) {
    if (type !== 'ok') continue;
    bins[
      Math.min(QUANTILE_BINS - 1, Math.max(0, Math.floor(((t - ctx.x.min) / span) * QUANTILE_BINS)))
    ]!.push(ms);
  }
  for (const b of bins) b.sort((x, y) => x - y);
  return (
    [
      [0.5, 'q50'],
      [0.99, 'q99'],
    ] as const
  ).map(([q, cls]) => {
    let d = '';
    let pen = 'M';
    bins.forEach((b, k) => {
      if (b.length === 0) {
        pen = 'M';
        return;
      }
      const v = b[Math.min(b.length - 1, Math.floor(q * b.length))]!;
      d += `${pen}${r1(sx(ctx.x.min + ((k + 0.5) / QUANTILE_BINS) * span))} ${r1(sy(v))}`;
      pen = 'L';
    });
    return d ? `<path class="line ${cls}" d="${d}"/>` : '';
  });
}

/** Completions per second in fixed time bins, a line per completion type. */
export function throughputPlot(ctx: ChartContext): string {
  const { history } = ctx;
  const bins = Math.max(1, Math.floor(INNER_W / 4));
  const span = ctx.x.max - ctx.x.min || 1;
  const binS = span / bins / 1e9;
  const counts = new Map<CompletionType, Float64Array>(
    COMPLETION_TYPES.map((t) => [t, new Float64Array(bins)]),
  );
  let total = 0;
  for (const op of history) {
    if (typeof op.process !== 'number' || op.type === 'invoke') continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(((op.time - ctx.x.min) / span) * bins)));
    counts.get(op.type)![b]!++;
    total++;
  }
  if (total === 0) return emptyPlot('Throughput', 'no completed client operations');
  let max = 0;
  for (const c of counts.values()) for (const n of c) max = Math.max(max, n / binS);
  return renderPlot({
    id: 'plot-throughput',
    title: ctx.simulated
      ? 'Throughput (completions per simulated second)'
      : 'Throughput (completions per second)',
    xLabel: timeAxisLabel(ctx),
    yLabel: 'ops/s',
    x: ctx.x,
    y: { min: 0, max: max * 1.05 || 1 },
    faults: ctx.faults,
    legend: COMPLETION_TYPES.map((t) => ({ label: t, cls: `s-${t}` })),
    body: (sx, sy) =>
      COMPLETION_TYPES.map((type) => {
        const c = counts.get(type)!;
        if (!c.some((n) => n > 0)) return '';
        const pts: string[] = [];
        for (let b = 0; b < bins; b++) {
          const t = ctx.x.min + ((b + 0.5) / bins) * span;
          pts.push(`${r1(sx(t))},${r1(sy(c[b]! / binS))}`);
        }
        return `<polyline class="line s-${type}" points="${pts.join(' ')}"/>`;
      }).join(''),
  });
}

export function emptyPlot(title: string, why: string): string {
  return `<figure class="plot empty"><figcaption>${escapeHtml(title)}</figcaption><p class="muted">${escapeHtml(why)}.</p></figure>`;
}
