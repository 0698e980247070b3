// Progress of long work (a run, a long check): a status line redrawn in place
// on a TTY, plain throttled lines in CI logs. The writer and the clock are
// injected, so it prints nothing by itself and reads no clock of its own.
import type { Op } from '../core/history.ts';
import { ActiveFaults } from './progress-faults.ts';

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

interface StatusState {
  readonly started: number;
  readonly counts: { readonly ok: number; readonly fail: number; readonly info: number };
  readonly timeLimitS?: number;
  readonly loadStarted?: number;
  readonly work?: { readonly label: string; readonly done: number; readonly total?: number };
}

/** The status text; `done`: the last line, where a countdown has nothing left to say. */
function statusText(s: StatusState, now: number, faults: string, done: boolean): string {
  const { counts, work } = s;
  const elapsedMs = now - s.started;
  const parts: string[] = [];
  const total = counts.ok + counts.fail + counts.info;
  if (s.timeLimitS !== undefined && s.loadStarted === undefined)
    parts.push('starting: the countdown begins with the first op');
  else if (total > 0 || !work) {
    const loadMs = now - (s.loadStarted ?? s.started);
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
  if (s.timeLimitS !== undefined && s.loadStarted !== undefined) {
    const leftMs = s.timeLimitS * 1000 - (now - s.loadStarted);
    time += leftMs > 0 ? `, ${clock(leftMs, true)} left` : ', time limit reached, finishing';
  } else if (work?.total && work.done > 0)
    time += `, ~${clock((elapsedMs * (work.total - work.done)) / work.done)} left`;
  parts.push(time);
  return parts.join(' · ');
}

/** Within `columns`, the fault list gives way first: the counts and the countdown matter most. */
function status(
  state: StatusState,
  faults: ActiveFaults,
  now: number,
  columns?: number,
  done = false,
): string {
  const all = faults.text();
  const full = statusText(state, now, all, done);
  if (!columns || full.length < columns) return full;
  const room = all.length - (full.length - columns + 2);
  return statusText(state, now, room >= 8 ? `${all.slice(0, room - 1)}…` : '…', done);
}

export function createProgress(opts: ProgressOptions): Progress {
  const ttyEvery = opts.ttyIntervalMs ?? 200;
  const lineEvery = opts.lineIntervalMs ?? 10_000;
  const counts = { ok: 0, fail: 0, info: 0 };
  const state: { -readonly [K in keyof StatusState]: StatusState[K] } = {
    started: opts.nowMs(),
    counts,
    ...(opts.timeLimitS !== undefined ? { timeLimitS: opts.timeLimitS } : {}),
  };
  const faults = new ActiveFaults();
  let lastDraw = -Infinity;
  /** The status line is on screen (TTY) and must be cleared before anything else is written. */
  let drawn = false;

  function draw(force: boolean): void {
    const now = opts.nowMs();
    if (!force && now - lastDraw < (opts.isTTY ? ttyEvery : lineEvery)) return;
    lastDraw = now;
    // \r + erase line: the status replaces itself instead of scrolling the terminal.
    if (opts.isTTY) {
      const columns = opts.columns?.();
      opts.write(`\r\x1b[2K${fit(status(state, faults, now, columns), columns)}`);
      drawn = true;
    } else opts.write(`progress ${status(state, faults, now)}\n`);
  }

  function fault(op: Op): void {
    if (op.type !== 'invoke') return faults.complete(op);
    const label = faults.invoke(op);
    // In a log, a fault is an event worth its own line; on a TTY the status shows it.
    if (!opts.isTTY)
      opts.write(
        `fault ${label} at ${clock(opts.nowMs() - state.started)}; active: ${faults.text()}\n`,
      );
    draw(opts.isTTY);
  }

  return {
    onOp(op) {
      if (op.process === 'nemesis') return fault(op);
      if (typeof op.process !== 'number') return;
      const first = state.loadStarted === undefined;
      // The first client op starts the load, and the countdown with it: show it at once.
      if (first) state.loadStarted = opts.nowMs();
      if (op.type !== 'invoke') counts[op.type]++;
      draw(first);
    },
    setWork(label, done, total) {
      state.work = total === undefined ? { label, done } : { label, done, total };
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
      opts.write(`${summary ?? `done: ${status(state, faults, now, undefined, true)}`}\n`);
    },
  };
}

/** Cuts a status line to the terminal's width, so it never wraps onto a second row. */
function fit(text: string, columns: number | undefined): string {
  if (!columns || columns < 10 || text.length < columns) return text;
  return `${text.slice(0, columns - 2)}…`;
}
