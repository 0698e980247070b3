// Fault intervals from the nemesis records of a history, for shading plots.
// A fault starts at its nemesis invoke and ends at the invoke that undoes it;
// one never undone runs to the end of the history.
import type { Op } from '../core/history.ts';
import { faultEffect, faultWords, type FaultEffect } from './fault-words.ts';
import { fmtValue } from './format.ts';

export interface FaultInterval {
  /** The opening f, e.g. "start-partition", "kill". */
  readonly f: string;
  readonly startNs: number;
  readonly endNs: number;
  /** False when no closing op was found and the interval runs to the end. */
  readonly closed: boolean;
  /** What the nemesis said it did (its info completion's value), or the invoke's value: the full record. */
  readonly label: string;
  /** The fault in words, e.g. "n3 isolated from n1, n2" or "n1 clock +12 s"; the f and its target when the records say no more. */
  readonly words: string;
  /** What it did, structured, for the cause summary. */
  readonly effect: FaultEffect;
  readonly startIndex: number;
  readonly endIndex?: number;
}

/** Openers whose closer is not simply "start-X" → "stop-X". */
const CLOSERS: Readonly<Record<string, string>> = {
  kill: 'start',
  pause: 'resume',
  partition: 'heal',
  'bump-clock': 'reset-clock',
  'strobe-clock': 'reset-clock',
};

export function closerOf(f: string): string | undefined {
  if (f in CLOSERS) return CLOSERS[f];
  if (f.startsWith('start-')) return `stop-${f.slice('start-'.length)}`;
  return undefined;
}

/** Undo every open fault at once (the harness heals everything before final reads). */
const HEAL_ALL = new Set(['heal-all', 'heal-everything']);

const ALL_CLOSERS = new Set(Object.values(CLOSERS));
export function isCloser(f: string): boolean {
  return ALL_CLOSERS.has(f) || f.startsWith('stop-') || HEAL_ALL.has(f);
}

interface Opened {
  readonly f: string;
  readonly op: Op;
  label: string;
  /** The completion's value: what the nemesis says it did. */
  done?: unknown;
  /** Nodes the completion says it touched, e.g. "n1" or "n2,n3". */
  nodes?: string;
}

/** Nemesis records that describe the run rather than start or stop a fault. */
const NOT_FAULTS = new Set(['plan']);

/** A kill that restarts by itself ends when its completion says the node is back. */
function restartedBySelf(s: Opened): boolean {
  const d = s.done;
  return (
    s.f === 'kill' &&
    typeof d === 'object' &&
    d !== null &&
    Array.isArray((d as { restarted?: unknown }).restarted) &&
    (d as { restarted: unknown[] }).restarted.length > 0
  );
}

/** Pairs nemesis opens with closes (first open, first closed), in start order. */
export function faultIntervals(history: readonly Op[], endNs?: number): FaultInterval[] {
  const end = endNs ?? (history.length ? history[history.length - 1]!.time : 0);
  const open = new Map<string, Opened[]>();
  const out: FaultInterval[] = [];
  let pending: Opened | undefined;

  for (const op of history) {
    if (op.process !== 'nemesis' || NOT_FAULTS.has(op.f)) continue;
    if (op.type !== 'invoke') {
      // The completion says what the fault actually did; that is the better label.
      if (pending && op.value !== undefined && op.value !== null) {
        pending.label = `${pending.f}: ${fmtValue(op.value)}`;
        pending.done = op.value;
      }
      if (pending && op.node) pending.nodes = op.node;
      if (pending && restartedBySelf(pending)) {
        const queue = open.get(closerOf(pending.f)!);
        const at = queue?.indexOf(pending) ?? -1;
        if (at >= 0) queue!.splice(at, 1);
        out.push(interval(pending, op.time, true, op.index));
      }
      pending = undefined;
      continue;
    }
    pending = undefined;
    const closer = closerOf(op.f);
    if (closer) {
      const entry = { f: op.f, op, label: describeInvoke(op) };
      const queue = open.get(closer) ?? [];
      queue.push(entry);
      open.set(closer, queue);
      pending = entry;
      continue;
    }
    if (HEAL_ALL.has(op.f)) {
      for (const queue of open.values())
        for (const s of queue.splice(0)) out.push(interval(s, op.time, true, op.index));
      continue;
    }
    if (isCloser(op.f)) {
      const queue = open.get(op.f);
      const started = queue?.shift();
      if (started) out.push(interval(started, op.time, true, op.index));
      continue;
    }
    // An op of unknown kind: treat it as a fault that is never undone, so it is still visible.
    const entry = { f: op.f, op, label: describeInvoke(op) };
    open.set(`\u0000${op.index}`, [entry]);
    pending = entry;
  }
  for (const queue of open.values()) for (const s of queue) out.push(interval(s, end, false));
  return out.sort((a, b) => a.startNs - b.startNs || a.startIndex - b.startIndex);
}

/** What it aimed at and, when the nemesis said so, the nodes it hit: "pause leader (n1)". */
function targetLabel(s: Opened): string {
  const v = s.op.value;
  const target =
    typeof v === 'string' || typeof v === 'number'
      ? String(v)
      : Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')
        ? v.join(',')
        : '';
  const parts = [s.op.f];
  if (target && target.length <= 24) parts.push(target);
  if (s.nodes && s.nodes.length <= 24 && s.nodes !== target) parts.push(`(${s.nodes})`);
  return parts.join(' ');
}

function describeInvoke(op: Op): string {
  return op.value === undefined || op.value === null ? op.f : `${op.f} ${fmtValue(op.value)}`;
}

function interval(s: Opened, endNs: number, closed: boolean, endIndex?: number): FaultInterval {
  const effect = faultEffect(s.f, s.op.value, s.done, s.nodes);
  return {
    f: s.f,
    startNs: s.op.time,
    endNs: Math.max(endNs, s.op.time),
    closed,
    label: s.label,
    words: faultWords(effect) || targetLabel(s),
    effect,
    startIndex: s.op.index,
    ...(endIndex === undefined ? {} : { endIndex }),
  };
}
