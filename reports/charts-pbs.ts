// The PBS t-visibility curve of one run (checkers/pbs.ts): the probability
// that a read returned the latest completed write, against the time since
// that write completed, one point per bucket the staleness checker filled.
// Read from the checker's stats; nothing is measured here.
import { pbsCurveOf } from '../checkers/pbs.ts';
import { escapeHtml as h } from './escape.ts';
import { r1 } from './svg.ts';

const W = 720;
const H = 240;
const LEFT = 56;
const RIGHT = 16;
const TOP = 16;
const BOTTOM = 40;

const label = (edgeMs: number): string => (Number.isFinite(edgeMs) ? `≤${edgeMs}` : 'more');

/** The curve as a figure, or '' when the stats hold none. */
export function pbsPlot(checkerId: string, stats: Readonly<Record<string, unknown>>): string {
  const curve = pbsCurveOf(stats);
  if (curve.length === 0) return '';
  const innerW = W - LEFT - RIGHT;
  const innerH = H - TOP - BOTTOM;
  const sx = (i: number) =>
    LEFT + (curve.length === 1 ? innerW / 2 : (i * innerW) / (curve.length - 1));
  const sy = (p: number) => TOP + innerH * (1 - p);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((p) => {
      const y = r1(sy(p));
      return `<line class="grid" x1="${LEFT}" x2="${W - RIGHT}" y1="${y}" y2="${y}"/><text class="tick" x="${LEFT - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${p}</text>`;
    })
    .join('');
  const xs = curve
    .map(
      (c, i) =>
        `<text class="tick" x="${r1(sx(i))}" y="${H - BOTTOM + 14}" text-anchor="middle">${h(label(c.edgeMs))}</text>`,
    )
    .join('');
  const path = curve.map((c, i) => `${i === 0 ? 'M' : 'L'}${r1(sx(i))} ${r1(sy(c.p))}`).join('');
  const dots = curve
    .map(
      (c, i) =>
        `<path class="dots series-0 big" d="M${r1(sx(i))} ${r1(sy(c.p))}h0"><title>t ${h(label(c.edgeMs))} ms: ${c.p} of ${c.reads} reads fresh</title></path>`,
    )
    .join('');
  const k = [1, 2, 3]
    .map((n) =>
      typeof stats[`pbsK${n}`] === 'number' ? `k=${n}: ${String(stats[`pbsK${n}`])}` : '',
    )
    .filter((s) => s !== '')
    .join(' · ');
  return [
    `<figure class="plot" id="plot-pbs"><figcaption>PBS t-visibility from ${h(checkerId)}: P(read returns the latest completed write) by ms since that write completed</figcaption>`,
    `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="PBS t-visibility curve">${grid}${xs}`,
    `<text class="tick" x="${LEFT + innerW / 2}" y="${H - 6}" text-anchor="middle">ms since the latest completed write (bucket upper edge)</text>`,
    `<path class="line series-0" fill="none" d="${path}"/>${dots}</svg>`,
    `<p class="muted">k-staleness, P(at most k-1 writes behind): ${h(k)} · ${h(String(stats.pbsReads))} reads</p></figure>`,
  ].join('');
}
