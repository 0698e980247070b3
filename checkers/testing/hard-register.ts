// A register history that is cheap to write and expensive to search: `writers`
// writes all concurrent with one read of a value nobody wrote. It is not
// linearizable, but the search must try every subset of the writes first
// (2^writers linearized sets), so a small budget runs out before the answer.
import type { Op } from '../../core/history.ts';

/** The process that reads; the writers are 0 .. writers-1. */
export const READER = 99;
/** The value the read returns, which no write wrote. */
export const UNWRITTEN = 77;

export function hardRegisterHistory(writers: number): Op[] {
  const ops: Op[] = [];
  const add = (type: Op['type'], process: number, f: string, value: unknown) =>
    ops.push({ index: ops.length, type, process, f, value, time: ops.length * 1_000_000 });
  for (let p = 0; p < writers; p++) add('invoke', p, 'write', p);
  add('invoke', READER, 'read', null);
  for (let p = 0; p < writers; p++) add('ok', p, 'write', p);
  add('ok', READER, 'read', UNWRITTEN);
  return ops;
}

/** The same history as a history.jsonl file's text, for the CLI. */
export function hardRegisterJsonl(writers: number): string {
  return hardRegisterHistory(writers)
    .map((o) => JSON.stringify(o))
    .join('\n')
    .concat('\n');
}
