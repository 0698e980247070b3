// The history recorder: every op is appended to history.jsonl as it happens.
// Lines are gathered and written together with one synchronous write:
// - before the requests of newly recorded invokes go out, every line
//   recorded so far is written: the interpreter hands the sends to
//   flushThen, which runs them at the end of the event-loop turn, after one
//   write for every op the turn recorded (completions that arrived together
//   and the invokes that replace them), rather than one write per completion;
//   so an invoke is in the file before its request can reach a node, and a
//   completion within the event-loop turn that saw it;
// - anything else appended (monitor samples, fault records) is written at
//   most FLUSH_EVERY_MS later, and close() writes the rest.
// Once written the bytes are in the kernel, so a crash of the controller
// loses at most completions of the turn in flight: their ops read as never
// completed (unknown outcome), never as something that did not happen.
// recorder-crash.slow.test.ts SIGKILLs a real controller to hold it to that.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Op } from '../core/history.ts';

export type NewOp = Omit<Op, 'index'>;

export interface Recorder {
  /** Gives the op the next index, appends it, and returns it. */
  append(op: NewOp): Op;
  /** Ops recorded so far, in order. */
  readonly ops: readonly Op[];
  /** Writes every appended op out (to the kernel) before returning. */
  flush(): void;
  /**
   * Runs send once every op appended so far is written out, at the end of
   * the event-loop turn: the sends of one turn share one write. A recorder
   * without it (a simulated run's, which steps its world by turns) is
   * flushed and sent at once.
   */
  flushThen?(send: () => void): void;
  close(): void;
}

/** Longest an appended op waits for a write when nobody calls flush(). */
const FLUSH_EVERY_MS = 5;

export function fileRecorder(path: string): Recorder {
  const fd = openSync(path, 'a');
  const ops: Op[] = [];
  let pending = '';
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const flush = (): void => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    writeSync(fd, text);
  };
  const gate = turnGate(flush);
  return {
    ops,
    append(partial) {
      if (closed) throw new Error(`recorder for ${path} is closed; cannot append ${partial.f}`);
      const op: Op = { index: ops.length, ...partial };
      pending += JSON.stringify(op) + '\n';
      ops.push(op);
      // The timer stays armed across the interpreter's flushes: one timer per
      // FLUSH_EVERY_MS at most, rather than a setTimeout and clearTimeout per turn.
      if (timer === null) {
        timer = setTimeout(() => {
          timer = null;
          flush();
        }, FLUSH_EVERY_MS);
        timer.unref();
      }
      return op;
    },
    flush,
    flushThen: gate.flushThen,
    close() {
      if (closed) return;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      flush();
      closed = true;
      // Sends still waiting belong to a run that is over: nothing could record their ends.
      gate.drop();
      closeSync(fd);
    },
  };
}

/** Sends gathered over one event-loop turn, run after one flush at its end. */
function turnGate(flush: () => void) {
  const sends: (() => void)[] = [];
  let scheduled = false;
  const endOfTurn = (): void => {
    scheduled = false;
    if (sends.length === 0) return;
    flush();
    for (const send of sends.splice(0)) send();
  };
  return {
    flushThen(send: () => void): void {
      sends.push(send);
      if (scheduled) return;
      scheduled = true;
      setImmediate(endOfTurn);
    },
    drop(): void {
      sends.length = 0;
    },
  };
}

/**
 * Ops kept in memory only. `sendsAtTurnEnd`: sends wait for the end of the
 * turn as a file recorder's do, so a bench compares the same run with and
 * without the writes; otherwise they go at once.
 */
export function memoryRecorder(opts: { sendsAtTurnEnd?: boolean } = {}): Recorder {
  const ops: Op[] = [];
  const gate = opts.sendsAtTurnEnd === true ? turnGate(() => {}) : null;
  return {
    ops,
    append(partial) {
      const op: Op = { index: ops.length, ...partial };
      ops.push(op);
      return op;
    },
    flush() {},
    ...(gate === null ? {} : { flushThen: gate.flushThen }),
    close() {
      gate?.drop();
    },
  };
}
