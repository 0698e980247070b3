// The history recorder: every op is appended to history.jsonl as it happens.
// Lines are gathered and written together with one synchronous write:
// - flush() writes whatever is waiting; the interpreter calls it before it
//   sends the requests of the invokes it just recorded, and before it waits
//   again after recording completions, so an invoke is in the file before its
//   request can reach a node, and a completion within the event-loop turn
//   that saw it;
// - anything else appended (monitor samples, fault records) is written at
//   most FLUSH_EVERY_MS later, and close() writes the rest.
// Once written the bytes are in the kernel, so a crash of the controller
// loses at most completions of the turn in flight: their ops read as never
// completed (unknown outcome), never as something that did not happen.
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
    close() {
      if (closed) return;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      flush();
      closed = true;
      closeSync(fd);
    },
  };
}

export function memoryRecorder(): Recorder {
  const ops: Op[] = [];
  return {
    ops,
    append(partial) {
      const op: Op = { index: ops.length, ...partial };
      ops.push(op);
      return op;
    },
    flush() {},
    close() {},
  };
}
