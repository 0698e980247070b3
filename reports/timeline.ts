// The timeline drawn with each anomaly: a lane per process involved, its ops
// as bars from invoke to completion, the witness ops outlined, and the faults
// active at the time shaded behind. Bars link to the ops in the history browser.
import type { Anomaly } from '../checkers/checker.ts';
import type { Op } from '../core/history.ts';
import { keysOf } from './embed.ts';
import { escapeHtml as h, showValue } from './escape.ts';
import type { FaultInterval } from './faults.ts';
import { fmtDurationNs } from './format.ts';
import type { Pairs } from './pairs.ts';
import { faultRects, r1, scale, ticks } from './svg.ts';

const W = 960;
const LEFT = 70;
const RIGHT = 12;
const LANE_H = 24;
const TOP = 8;
const AXIS_H = 26;
const MAX_LANES = 8;
const MAX_BARS_PER_LANE = 300;
/** Bound on the ops scanned for other processes touching the witness keys. */
const MAX_SCAN = 50_000;

export interface TimelineIndex {
  readonly history: readonly Op[];
  readonly pairs: Pairs;
  readonly faults: readonly FaultInterval[];
  /** Per process, the op each bar starts at (invokes, and completions with no invoke), in time order. */
  readonly byProcess: ReadonlyMap<number, readonly number[]>;
}

export function timelineIndex(
  history: readonly Op[],
  pairs: Pairs,
  faults: readonly FaultInterval[],
): TimelineIndex {
  const byProcess = new Map<number, number[]>();
  for (let i = 0; i < history.length; i++) {
    const op = history[i]!;
    if (typeof op.process !== 'number') continue;
    if (op.type !== 'invoke' && pairs.invokeOf[i]! >= 0) continue;
    let list = byProcess.get(op.process);
    if (!list) byProcess.set(op.process, (list = []));
    list.push(i);
  }
  return { history, pairs, faults, byProcess };
}

/** First index in the whole history at or after time t (the history is in time order). */
function firstAtOrAfter(history: readonly Op[], t: number): number {
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (history[mid]!.time < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Other processes that wrote or read the witness keys inside the window: the
 * sessions whose writes a stale read returned or missed.
 */
function neighbourLanes(ix: TimelineIndex, witness: ReadonlySet<number>, lo: number, hi: number) {
  const keys = new Set<string>();
  for (const i of witness) for (const k of keysOf(ix.history[i]!.value)) keys.add(k);
  const out: number[] = [];
  if (keys.size === 0) return out;
  const end = Math.min(ix.history.length, firstAtOrAfter(ix.history, lo) + MAX_SCAN);
  for (let i = firstAtOrAfter(ix.history, lo); i < end; i++) {
    const op = ix.history[i]!;
    if (op.time > hi) break;
    if (typeof op.process !== 'number' || out.includes(op.process)) continue;
    if (keysOf(op.value).some((k) => keys.has(k))) out.push(op.process);
  }
  return out;
}

function firstStartingAtOrAfter(list: readonly number[], history: readonly Op[], t: number) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (history[list[mid]!]!.time < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function anomalyTimeline(a: Anomaly, ix: TimelineIndex): string {
  const { history, pairs } = ix;
  const witness = new Set(
    (a.ops ?? []).filter((i) => Number.isInteger(i) && history[i] !== undefined),
  );
  const lanes: number[] = [];
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const i of witness) {
    const op = history[i]!;
    for (const j of [i, pairs.invokeOf[i]!, pairs.completionOf[i]!]) {
      if (j < 0) continue;
      t0 = Math.min(t0, history[j]!.time);
      t1 = Math.max(t1, history[j]!.time);
    }
    if (typeof op.process === 'number' && !lanes.includes(op.process)) lanes.push(op.process);
  }
  if (lanes.length === 0) return '';
  const pad = Math.max((t1 - t0) * 0.15, 2e6);
  const lo = t0 - pad;
  const hi = t1 + pad;
  const involved = lanes.length;
  for (const p of neighbourLanes(ix, witness, lo, hi)) if (!lanes.includes(p)) lanes.push(p);
  const shown = lanes.slice(0, MAX_LANES);
  const height = TOP + shown.length * LANE_H + AXIS_H;
  const sx = scale({ min: lo, max: hi }, LEFT, W - RIGHT);
  const parts: string[] = [
    faultRects(
      ix.faults,
      sx,
      { left: LEFT, right: W - RIGHT, top: TOP, height: shown.length * LANE_H },
      false,
    ),
  ];
  for (const s of ticks({ min: lo / 1e9, max: hi / 1e9 }, 6)) {
    const x = r1(sx(s * 1e9));
    parts.push(
      `<line class="grid" x1="${x}" x2="${x}" y1="${TOP}" y2="${TOP + shown.length * LANE_H}"/><text class="tick" x="${x}" y="${height - 8}" text-anchor="middle">${s} s</text>`,
    );
  }
  shown.forEach((p, lane) => {
    const y = TOP + lane * LANE_H;
    parts.push(
      `<line class="lane" x1="${LEFT}" x2="${W - RIGHT}" y1="${y + LANE_H / 2}" y2="${y + LANE_H / 2}"/><text class="tick${lane >= involved ? ' other' : ''}" x="${LEFT - 8}" y="${y + LANE_H / 2}" text-anchor="end" dominant-baseline="middle">process ${p}</text>`,
    );
    const list = ix.byProcess.get(p) ?? [];
    // Ops of one process never overlap, so only the op just before the window can reach into it.
    let k = Math.max(0, firstStartingAtOrAfter(list, history, lo) - 1);
    for (let n = 0; k < list.length && n < MAX_BARS_PER_LANE; k++, n++) {
      const start = list[k]!;
      const op = history[start]!;
      if (op.time > hi) break;
      parts.push(bar(ix, start, witness, sx, lo, hi, y));
    }
  });
  return `<figure class="timeline"><svg viewBox="0 0 ${W} ${height}" role="img" aria-label="timeline of the processes involved">${parts.join('')}</svg>${caption(ix, lanes.length, involved, lo, hi)}</figure>`;
}

function caption(ix: TimelineIndex, lanes: number, involved: number, lo: number, hi: number) {
  const notes: string[] = [];
  if (lanes > involved)
    notes.push('Lanes after the witness processes: other sessions that touched the same keys.');
  if (lanes > MAX_LANES) notes.push(`${lanes - MAX_LANES} more processes not drawn.`);
  const active = ix.faults.filter((f) => f.startNs <= hi && f.endNs >= lo);
  const span = (f: FaultInterval) =>
    `${(f.startNs / 1e9).toFixed(2)}–${f.closed ? `${(f.endNs / 1e9).toFixed(2)} s` : 'never healed'}`;
  if (active.length)
    notes.push(`Shaded: ${active.map((f) => `${f.words} (${span(f)})`).join('; ')}.`);
  return notes.length ? `<figcaption class="muted">${h(notes.join(' '))}</figcaption>` : '';
}

function bar(
  ix: TimelineIndex,
  start: number,
  witness: ReadonlySet<number>,
  sx: (ns: number) => number,
  lo: number,
  hi: number,
  y: number,
): string {
  const { history, pairs } = ix;
  const op = history[start]!;
  const end = op.type === 'invoke' ? pairs.completionOf[start]! : start;
  const done = end >= 0 ? history[end]! : undefined;
  if (done && done.time < lo) return '';
  const x0 = sx(Math.max(op.time, lo));
  const x1 = sx(Math.min(done?.time ?? hi, hi));
  const w = Math.max(x1 - x0, 2);
  const isWitness = witness.has(start) || (end >= 0 && witness.has(end));
  const type = done ? done.type : 'open';
  const value = showValue(done?.value ?? op.value);
  const took = done ? ` in ${fmtDurationNs(done.time - op.time)}` : ', never completed';
  const title = `op ${start}${end >= 0 && end !== start ? `→${end}` : ''}: ${op.f} ${value} ${type}${took}${done?.node ? ` on ${done.node}` : ''}`;
  const inside = w > 60 ? `${op.f} ${value}` : '';
  const maxChars = Math.floor((w - 6) / 6);
  const label =
    inside && inside.length > maxChars ? `${inside.slice(0, Math.max(1, maxChars - 1))}…` : inside;
  const named = [start, end].filter((i, k) => i >= 0 && witness.has(i) && (k === 0 || i !== start));
  return (
    `<a href="#op=${named[0] ?? start}"><g><title>${h(title)}</title><rect class="bar t-${h(type)}${isWitness ? ' witness' : ''}" x="${r1(x0)}" y="${y + 4}" width="${r1(w)}" height="${LANE_H - 8}" rx="2"/>` +
    (label
      ? `<text class="bar-label" x="${r1(x0 + 3)}" y="${y + LANE_H / 2}" dominant-baseline="middle">${h(label)}</text>`
      : '') +
    // A witness always names its op, so the bar can be matched with the table below.
    (named.length
      ? `<text class="bar-label witness-label" x="${r1(x0 + w + 2)}" y="${y + LANE_H / 2}" dominant-baseline="middle">${named.join('/')}</text>`
      : '') +
    '</g></a>'
  );
}
