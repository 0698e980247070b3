// The history recorder: every op is appended to history.jsonl as it happens,
// with a synchronous write, so a crash of the controller loses at most the op
// in flight (the bytes are in the kernel once writeSync returns).
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Op } from '../core/history.ts';

export type NewOp = Omit<Op, 'index'>;

export interface Recorder {
  /** Gives the op the next index, appends it, and returns it. */
  append(op: NewOp): Op;
  /** Ops recorded so far, in order. */
  readonly ops: readonly Op[];
  close(): void;
}

export function fileRecorder(path: string): Recorder {
  const fd = openSync(path, 'a');
  const ops: Op[] = [];
  let closed = false;
  return {
    ops,
    append(partial) {
      if (closed) throw new Error(`recorder for ${path} is closed; cannot append ${partial.f}`);
      const op: Op = { index: ops.length, ...partial };
      writeSync(fd, JSON.stringify(op) + '\n');
      ops.push(op);
      return op;
    },
    close() {
      if (closed) return;
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
    close() {},
  };
}
