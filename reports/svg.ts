// A small SVG plot frame of our own (no chart library, no network): scales,
// axes, ticks, and fault intervals shaded behind the data. Colours come from
// CSS classes so light, dark and print styles all apply.
import { escapeHtml } from './escape.ts';
import type { FaultInterval } from './faults.ts';
import { fmtValue } from './format.ts';

export const PLOT = { width: 960, height: 260, left: 64, right: 16, top: 22, bottom: 34 } as const;
export const INNER_W = PLOT.width - PLOT.left - PLOT.right;
export const INNER_H = PLOT.height - PLOT.top - PLOT.bottom;

export interface Axis {
  readonly min: number;
  readonly max: number;
  readonly log?: boolean;
}

export interface PlotSpec {
  readonly id: string;
  readonly title: string;
  readonly yLabel: string;
  /** Time range in ns since run start. */
  readonly x: Axis;
  readonly y: Axis;
  readonly faults: readonly FaultInterval[];
  /** SVG markup of the data, drawn with the given scales. */
  readonly body: (sx: (ns: number) => number, sy: (v: number) => number) => string;
  readonly legend: readonly { readonly label: string; readonly cls: string }[];
  readonly formatY?: (v: number) => string;
  /** [default: "time since start (s)"] */
  readonly xLabel?: string;
}

export function scale(axis: Axis, from: number, to: number): (v: number) => number {
  if (axis.log) {
    const lo = Math.log10(axis.min);
    const span = Math.log10(axis.max) - lo || 1;
    return (v) => from + ((Math.log10(Math.max(v, axis.min)) - lo) / span) * (to - from);
  }
  const span = axis.max - axis.min || 1;
  return (v) => from + ((v - axis.min) / span) * (to - from);
}

/** Round tick values ("nice numbers") for a linear axis; powers of ten for a log one. */
export function ticks(axis: Axis, count = 5): number[] {
  if (axis.log) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(axis.min)); e <= Math.ceil(Math.log10(axis.max)); e++) {
      const v = 10 ** e;
      if (v >= axis.min * 0.999 && v <= axis.max * 1.001) out.push(v);
    }
    return out;
  }
  const span = axis.max - axis.min;
  if (!(span > 0)) return [axis.min];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(axis.min / step) * step; v <= axis.max + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

/** A stable colour class per fault kind, so "kill" looks the same on every plot. */
export function faultClass(f: string): string {
  let h = 0;
  for (let i = 0; i < f.length; i++) h = (h * 31 + f.charCodeAt(i)) >>> 0;
  return `fault fault-${h % 5}`;
}

export function r1(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

export function faultRects(
  faults: readonly FaultInterval[],
  sx: (ns: number) => number,
  box: { left: number; right: number; top: number; height: number },
  labels: boolean,
): string {
  const { left, right, top, height } = box;
  const shown = faults
    .map((f) => ({ f, x0: Math.max(sx(f.startNs), left), x1: Math.min(sx(f.endNs), right) }))
    .filter(({ x0, x1 }) => x1 >= x0);
  const out: string[] = [];
  shown.forEach(({ f, x0, x1 }, i) => {
    const w = Math.max(x1 - x0, 1.5);
    const title = `${f.words} (${(f.startNs / 1e9).toFixed(2)}–${(f.endNs / 1e9).toFixed(2)} s${f.closed ? '' : ', never healed'})\n${f.label}`;
    // Labels take two rows in turn, so each may run on over the gap and the
    // next band (drawn on the other row) until the band after that begins.
    const row = i % 2;
    const room = (shown[i + 2]?.x0 ?? right) - x0 - 4;
    const label =
      labels && room > 24
        ? `<text x="${r1(x0 + 3)}" y="${r1(top + 11 + row * 11)}" class="fault-label">${escapeHtml(clip(f.words, Math.floor(room / 5.6)))}</text>`
        : '';
    out.push(
      `<g class="${faultClass(f.f)}"><title>${escapeHtml(title)}</title><rect x="${r1(x0)}" y="${r1(top)}" width="${r1(w)}" height="${r1(height)}"/>${label}</g>`,
    );
  });
  return out.join('');
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, Math.max(1, n - 1))}…`;
}

export function renderPlot(p: PlotSpec): string {
  const sx = scale(p.x, PLOT.left, PLOT.left + INNER_W);
  const sy = scale(p.y, PLOT.top + INNER_H, PLOT.top);
  const fy = p.formatY ?? ((v: number) => fmtValue(v));
  const yTicks = ticks(p.y)
    .map((v) => {
      const y = r1(sy(v));
      return `<line class="grid" x1="${PLOT.left}" x2="${PLOT.width - PLOT.right}" y1="${y}" y2="${y}"/><text class="tick" x="${PLOT.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeHtml(fy(v))}</text>`;
    })
    .join('');
  const xTicks = ticks({ min: p.x.min / 1e9, max: p.x.max / 1e9 }, 8)
    .map((s) => {
      const x = r1(sx(s * 1e9));
      return `<line class="grid" x1="${x}" x2="${x}" y1="${PLOT.top}" y2="${PLOT.top + INNER_H}"/><text class="tick" x="${x}" y="${PLOT.top + INNER_H + 14}" text-anchor="middle">${escapeHtml(fmtValue(s))}</text>`;
    })
    .join('');
  const legend = p.legend
    .map(
      (l, i) =>
        `<g transform="translate(${PLOT.left + 8 + i * 110},${PLOT.top - 8})"><rect class="${escapeHtml(l.cls)} swatch" width="10" height="10" y="-8"/><text class="tick" x="14">${escapeHtml(l.label)}</text></g>`,
    )
    .join('');
  const clipId = `clip-${p.id}`;
  return [
    `<figure class="plot" id="${escapeHtml(p.id)}"><figcaption>${escapeHtml(p.title)}</figcaption>`,
    // The data-* attributes let the page map a click to a time (assets/browser.js).
    `<svg class="timed" viewBox="0 0 ${PLOT.width} ${PLOT.height}" role="img" aria-label="${escapeHtml(p.title)}" data-t0="${p.x.min / 1e9}" data-t1="${p.x.max / 1e9}" data-left="${PLOT.left}" data-right="${PLOT.left + INNER_W}" data-width="${PLOT.width}">`,
    `<defs><clipPath id="${escapeHtml(clipId)}"><rect x="${PLOT.left}" y="${PLOT.top}" width="${INNER_W}" height="${INNER_H}"/></clipPath></defs>`,
    faultRects(
      p.faults,
      sx,
      { left: PLOT.left, right: PLOT.left + INNER_W, top: PLOT.top, height: INNER_H },
      true,
    ),
    yTicks,
    xTicks,
    `<g clip-path="url(#${escapeHtml(clipId)})">${p.body(sx, sy)}</g>`,
    `<rect class="frame" x="${PLOT.left}" y="${PLOT.top}" width="${INNER_W}" height="${INNER_H}"/>`,
    `<text class="axis-label" x="${PLOT.left + INNER_W / 2}" y="${PLOT.height - 4}" text-anchor="middle">${escapeHtml(p.xLabel ?? 'time since start (s)')}</text>`,
    `<text class="axis-label" transform="translate(12,${PLOT.top + INNER_H / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(p.yLabel)}</text>`,
    legend,
    '</svg></figure>',
  ].join('');
}
