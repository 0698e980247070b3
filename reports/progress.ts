// Progress of long work (a run, a long check): a status line redrawn in place
// on a TTY, plain throttled lines in CI logs. The writer and the clock are
// injected, so it prints nothing by itself and reads no clock of its own.
import type { Op } from '../core/history.ts';
import { faultEffect, faultWords } from './fault-words.ts';
import { closerOf, isCloser } from './faults.ts';

export interface ProgressOptions {
  /** Where text goes, e.g. (s) => process.stderr.write(s). */
  readonly write: (text: string) => void;
  /** Milliseconds on any monotonic clock. */
  readonly nowMs: () => number;
  /** Redraw one line in place (TTY) or print whole lines (CI, pipes). */
  readonly isTTY: boolean;
  /**
   * The run's time limit, for "remaining". The countdown starts with the
   * load (the first client op), not when progress is created: bringing a
   * cluster up can take longer than the load itself.
   */
  readonly timeLimitS?: number;
  /** Terminal width: a status line longer than this would wrap and leave debris on a TTY. */
  readonly columns?: () => number | undefined;
  /** Redraw at most this often on a TTY. */
  readonly ttyIntervalMs?: number;
  /** Print a status line at most this often when not a TTY. */
  readonly lineIntervalMs?: number;
}

export interface Progress {
  /** Feed every recorded op (the interpreter's onOp). */
  onOp(op: Op): void;
  /** For work counted in units other than ops (checking, reporting): done of total. */
  setWork(label: string, done: number, total?: number): void;
  /** Redraw if the interval passed; call from a timer so the clock moves even when ops stall. */
  tick(): void;
  /**
   * Prints a whole line (a step of the run) above the status line: the
   * status is cleared first and redrawn after, so the two never share a line.
   * `write` sends the line elsewhere (stdout) than the status (stderr).
   */
  line(text: string, write?: (text: string) => void): void;
  /** Clears the status line (TTY) and prints a last line. */
  finish(summary?: string): void;
}

/** m:ss; `up` rounds partial seconds up, so a countdown shows 0:01 until the time is truly out. */
function clock(ms: number, up = false): string {
  const s = Math.max(0, up ? Math.ceil(ms / 1000) : Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const n = (x: number) => x.toLocaleString('en-US');

export function createProgress(opts: ProgressOptions): Progress {
  const started = opts.nowMs();
  const ttyEvery = opts.ttyIntervalMs ?? 200;
  const lineEvery = opts.lineIntervalMs ?? 10_000;
  const counts = { ok: 0, fail: 0, info: 0 };
  /** Open faults by the f that closes them, each with a label per start. */
  const open = new Map<string, string[]>();
  let work: { label: string; done: number; total?: number } | undefined;
  let lastDraw = -Infinity;
  /** The status line is on screen (TTY) and must be cleared before anything else is written. */
  let drawn = false;
  /** When the first client op arrived: the load began and the countdown with it. */
  let loadStarted: number | undefined;
  /** The fault whose completion will say what it did, so its label can become words. */
  let lastFault: { list: string[]; at: number } | undefined;

  const faultsText = () => [...open.values()].flat().join(', ') || 'none';

  /** Within `columns`, the fault list gives way first: the counts and the countdown matter most. */
  function status(now: number, columns?: number, done = false): string {
    const full = statusText(now, faultsText(), done);
    if (!columns || full.length < columns) return full;
    const faults = faultsText();
    const room = faults.length - (full.length - columns + 2);
    return statusText(now, room >= 8 ? `${faults.slice(0, room - 1)}…` : '…', done);
  }

  /** `done`: the last line, where a countdown has nothing left to say. */
  function statusText(now: number, faults: string, done: boolean): string {
    const elapsedMs = now - started;
    const waiting = opts.timeLimitS !== undefined && loadStarted === undefined;
    const parts: string[] = [];
    const total = counts.ok + counts.fail + counts.info;
    if (waiting) parts.push('starting: the countdown begins with the first op');
    else if (total > 0 || !work) {
      const loadMs = now - (loadStarted ?? started);
      const rate = loadMs > 0 ? Math.round((total * 1000) / loadMs) : 0;
      parts.push(
        `${n(total)} ops (ok ${n(counts.ok)}, fail ${n(counts.fail)}, info ${n(counts.info)}), ${n(rate)}/s`,
      );
      parts.push(`faults: ${faults}`);
    }
    if (work)
      parts.push(
        `${work.label} ${n(work.done)}${work.total !== undefined ? ` of ${n(work.total)}` : ''}`,
      );
    let time = `${clock(elapsedMs)} elapsed`;
    if (done) return [...parts, time].join(' · ');
    if (opts.timeLimitS !== undefined && loadStarted !== undefined) {
      const leftMs = opts.timeLimitS * 1000 - (now - loadStarted);
      time += leftMs > 0 ? `, ${clock(leftMs, true)} left` : ', time limit reached, finishing';
    } else if (work?.total && work.done > 0)
      time += `, ~${clock((elapsedMs * (work.total - work.done)) / work.done)} left`;
    parts.push(time);
    return parts.join(' · ');
  }

  function draw(force: boolean): void {
    const now = opts.nowMs();
    if (!force && now - lastDraw < (opts.isTTY ? ttyEvery : lineEvery)) return;
    lastDraw = now;
    // \r + erase line: the status replaces itself instead of scrolling the terminal.
    if (opts.isTTY) {
      const columns = opts.columns?.();
      opts.write(`\r\x1b[2K${fit(status(now, columns), columns)}`);
      drawn = true;
    } else opts.write(`progress ${status(now)}\n`);
  }

  function fault(op: Op): void {
    if (op.type !== 'invoke') return named(op);
    lastFault = undefined;
    const label =
      typeof op.value === 'string' || Array.isArray(op.value)
        ? `${op.f} ${[op.value].flat().join(',')}`
        : op.f;
    if (op.f === 'heal-all' || op.f === 'heal-everything') open.clear();
    else if (isCloser(op.f)) {
      const list = open.get(op.f);
      list?.shift();
      if (list?.length === 0) open.delete(op.f);
    } else {
      const closer = closerOf(op.f) ?? `\u0000${op.f}`;
      const list = open.get(closer) ?? [];
      list.push(label);
      open.set(closer, list);
      lastFault = { list, at: list.length - 1 };
    }
    // In a log, a fault is an event worth its own line; on a TTY the status shows it.
    if (!opts.isTTY)
      opts.write(`fault ${label} at ${clock(opts.nowMs() - started)}; active: ${faultsText()}\n`);
    draw(opts.isTTY);
  }

  /** A fault's completion says what it did: show that in words ("n3 isolated from n1, n2"). */
  function named(op: Op): void {
    if (!lastFault) return;
    const words = faultWords(faultEffect(op.f, undefined, op.value, op.node));
    if (words && lastFault.list[lastFault.at] !== undefined) lastFault.list[lastFault.at] = words;
    lastFault = undefined;
  }

  return {
    onOp(op) {
      if (op.process === 'nemesis') return fault(op);
      if (typeof op.process !== 'number') return;
      const first = loadStarted === undefined;
      if (first) loadStarted = opts.nowMs();
      if (op.type !== 'invoke') counts[op.type]++;
      // The first op starts the countdown: show it at once.
      draw(first);
    },
    setWork(label, done, total) {
      work = total === undefined ? { label, done } : { label, done, total };
      draw(false);
    },
    tick: () => draw(false),
    line(text, write = opts.write) {
      const shown = drawn;
      if (shown) opts.write('\r\x1b[2K');
      drawn = false;
      write(`${text}\n`);
      if (shown) draw(true);
    },
    finish(summary) {
      const now = opts.nowMs();
      if (opts.isTTY && drawn) opts.write('\r\x1b[2K');
      drawn = false;
      opts.write(`${summary ?? `done: ${status(now, undefined, true)}`}\n`);
    },
  };
}

/** Cuts a status line to the terminal's width, so it never wraps onto a second row. */
function fit(text: string, columns: number | undefined): string {
  if (!columns || columns < 10 || text.length < columns) return text;
  return `${text.slice(0, columns - 2)}…`;
}
