// Staleness over time, from what checkers reported: a series the staleness
// checker publishes (if it ever does), the worst reads it names in its stats
// ("op N: ... X ms behind"), and the stale-read anomalies of any checker per
// interval. Nothing here measures staleness itself.
import type { CheckResult } from '../checkers/checker.ts';
import { binMax, isRecord, lines } from './charts-lag.ts';
import type { ChartContext } from './charts.ts';
import { fmtMs, timeAxisLabel } from './charts.ts';
import { escapeHtml as h } from './escape.ts';
import { fmtValue } from './format.ts';
import { pbsPlot } from './charts-pbs.ts';
import { r1, renderPlot } from './svg.ts';

/** A time series in stats: [[timeNs, ms], ...] or [{time, ms}, ...]. */
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

/** The worst reads a staleness checker names: "op 812: ... 240.5 ms behind ...". */
function worstReads(ctx: ChartContext, stats: unknown): { index: number; ms: number }[] {
  if (!isRecord(stats)) return [];
  const out: { index: number; ms: number }[] = [];
  for (const [k, v] of Object.entries(stats)) {
    if (!/^worst/i.test(k) || typeof v !== 'string') continue;
    const op = /\bop (\d+)\b/.exec(v);
    const ms = /([\d.]+) ms behind/.exec(v);
    if (op && ms && ctx.history[Number(op[1])])
      out.push({ index: Number(op[1]), ms: Number(ms[1]) });
  }
  return out;
}

function summary(id: string, stats: unknown): string {
  if (!isRecord(stats)) return '';
  const pick = Object.entries(stats).filter(
    ([k, v]) => typeof v === 'number' && /stale|behind|reads/i.test(k),
  );
  if (pick.length === 0) return '';
  return `<p class="muted stale-summary">${h(id)}: ${pick.map(([k, v]) => `${h(k)} ${h(fmtValue(v))}`).join(' · ')}</p>`;
}

function staleCheckerPlot(ctx: ChartContext, id: string, r: CheckResult): string {
  const pts = seriesFromStats(r.stats);
  if (pts.length) {
    const binned = binMax(ctx, new Map([[id, pts]]));
    return renderPlot({
      xLabel: timeAxisLabel(ctx),
      id: 'plot-staleness',
      title: `Staleness reported by ${id} (ms, max per interval)`,
      yLabel: 'staleness (ms)',
      x: ctx.x,
      y: { min: 0, max: binned.max * 1.05 || 1 },
      faults: ctx.faults,
      legend: [{ label: id, cls: 'series-0' }],
      body: lines(ctx, binned),
    });
  }
  const worst = worstReads(ctx, r.stats);
  if (worst.length === 0) return summary(id, r.stats);
  const max = Math.max(...worst.map((w) => w.ms));
  return (
    renderPlot({
      xLabel: timeAxisLabel(ctx),
      id: 'plot-staleness',
      title: `The ${worst.length} stalest reads ${id} found (ms behind the newest acknowledged write)`,
      yLabel: 'ms behind',
      x: ctx.x,
      y: { min: 0, max: max * 1.15 || 1 },
      faults: ctx.faults,
      formatY: fmtMs,
      legend: [{ label: 'stale read', cls: 's-fail' }],
      body: (sx, sy) =>
        worst
          .map((w) => {
            const x = r1(sx(ctx.history[w.index]!.time));
            const y = r1(sy(w.ms));
            return `<a href="#op=${w.index}"><path class="dots s-fail big" d="M${x} ${y}h0"><title>op ${w.index}: ${h(w.ms.toFixed(1))} ms behind</title></path><text class="bar-label" x="${x}" y="${r1(sy(w.ms) - 8)}" text-anchor="middle">op ${w.index}</text></a>`;
          })
          .join(''),
    }) + summary(id, r.stats)
  );
}

/**
 * Times of every stale-read anomaly, weighted: from a checker's anomalyBins
 * (every anomaly it found, binned by op index) when it gave them, else from
 * the anomalies it listed (results written before the bins existed).
 */
function staleTimes(ctx: ChartContext, entries: readonly [string, CheckResult][]) {
  const out: { t: number; n: number }[] = [];
  const last = ctx.history.length - 1;
  for (const [, r] of entries) {
    const binned = r.anomalyBins;
    for (const kind of Object.keys(r.anomalyCounts ?? {})) {
      if (!/stale/i.test(kind) || binned?.kinds[kind] === undefined) continue;
      for (const [bin, n] of binned.kinds[kind]!) {
        const mid = Math.min(last, bin * binned.opsPerBin + (binned.opsPerBin >> 1));
        const t = ctx.history[mid]?.time;
        if (t !== undefined) out.push({ t, n });
      }
    }
    for (const a of r.anomalies ?? []) {
      if (!/stale/i.test(a.kind) || binned?.kinds[a.kind] !== undefined) continue;
      const t = Math.max(...(a.ops ?? []).map((i) => ctx.history[i]?.time ?? -Infinity));
      if (Number.isFinite(t)) out.push({ t, n: 1 });
    }
  }
  return out;
}

function staleAnomaliesPlot(ctx: ChartContext, entries: readonly [string, CheckResult][]): string {
  const times = staleTimes(ctx, entries);
  if (times.length === 0) return '';
  const span = ctx.x.max - ctx.x.min || 1;
  const bins = 120;
  const counts = new Float64Array(bins);
  let total = 0;
  for (const { t, n } of times) {
    counts[Math.min(bins - 1, Math.max(0, Math.floor(((t - ctx.x.min) / span) * bins)))]! += n;
    total += n;
  }
  return renderPlot({
    xLabel: timeAxisLabel(ctx),
    id: 'plot-stale-reads',
    title: `Stale reads reported as anomalies (${total.toLocaleString('en-US')} in all, per ${(span / bins / 1e9).toPrecision(2)} s)`,
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

/** Everything the checkers said about staleness, or '' when they said nothing. */
export function stalenessPlots(
  ctx: ChartContext,
  entries: readonly [string, CheckResult][],
): string {
  const checker = entries.find(([id]) => /stale/i.test(id));
  return (
    (checker ? staleCheckerPlot(ctx, checker[0], checker[1]) : '') +
    (checker ? pbsPlot(checker[0], checker[1].stats) : '') +
    staleAnomaliesPlot(ctx, entries)
  );
}
