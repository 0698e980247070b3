// Progress of long work (a run, a long check): a status line redrawn in place
// on a TTY, plain throttled lines in CI logs. The writer and the clock are
// injected, so it prints nothing by itself and reads no clock of its own.
import type { Op } from '../core/history.ts';
import { closerOf, isCloser } from './faults.ts';

export interface ProgressOptions {
  /** Where text goes, e.g. (s) => process.stderr.write(s). */
  readonly write: (text: string) => void;
  /** Milliseconds on any monotonic clock. */
  readonly nowMs: () => number;
  /** Redraw one line in place (TTY) or print whole lines (CI, pipes). */
  readonly isTTY: boolean;
  /** The run's time limit, for "remaining". */
  readonly timeLimitS?: number;
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
  /** Clears the status line (TTY) and prints a last line. */
  finish(summary?: string): void;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
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
  let drawn = false;

  const faultsText = () => [...open.values()].flat().join(', ') || 'none';

  function status(now: number): string {
    const elapsedMs = now - started;
    const parts: string[] = [];
    const total = counts.ok + counts.fail + counts.info;
    if (total > 0 || !work) {
      const rate = elapsedMs > 0 ? Math.round((total * 1000) / elapsedMs) : 0;
      parts.push(
        `${n(total)} ops (ok ${n(counts.ok)}, fail ${n(counts.fail)}, info ${n(counts.info)}), ${n(rate)}/s`,
      );
      parts.push(`faults: ${faultsText()}`);
    }
    if (work)
      parts.push(
        `${work.label} ${n(work.done)}${work.total !== undefined ? ` of ${n(work.total)}` : ''}`,
      );
    let time = `${clock(elapsedMs)} elapsed`;
    if (opts.timeLimitS !== undefined)
      time += `, ${clock(opts.timeLimitS * 1000 - elapsedMs)} left`;
    else if (work?.total && work.done > 0)
      time += `, ~${clock((elapsedMs * (work.total - work.done)) / work.done)} left`;
    parts.push(time);
    return parts.join(' · ');
  }

  function draw(force: boolean): void {
    const now = opts.nowMs();
    if (!force && now - lastDraw < (opts.isTTY ? ttyEvery : lineEvery)) return;
    lastDraw = now;
    // \r + erase line: the status replaces itself instead of scrolling the terminal.
    if (opts.isTTY) opts.write(`\r\x1b[2K${status(now)}`);
    else opts.write(`progress ${status(now)}\n`);
    drawn = true;
  }

  function fault(op: Op): void {
    if (op.type !== 'invoke') return;
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
      open.set(closer, [...(open.get(closer) ?? []), label]);
    }
    // In a log, a fault is an event worth its own line; on a TTY the status shows it.
    if (!opts.isTTY)
      opts.write(`fault ${label} at ${clock(opts.nowMs() - started)}; active: ${faultsText()}\n`);
    draw(opts.isTTY);
  }

  return {
    onOp(op) {
      if (op.process === 'nemesis') return fault(op);
      if (typeof op.process !== 'number' || op.type === 'invoke') return;
      counts[op.type]++;
      draw(false);
    },
    setWork(label, done, total) {
      work = total === undefined ? { label, done } : { label, done, total };
      draw(false);
    },
    tick: () => draw(false),
    finish(summary) {
      const now = opts.nowMs();
      if (opts.isTTY && drawn) opts.write('\r\x1b[2K');
      opts.write(`${summary ?? `done: ${status(now)}`}\n`);
    },
  };
}
