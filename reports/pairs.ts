// Links each client invoke to its completion (same process, next record), the
// way Jepsen pairs ops. Typed arrays so a million-op history stays cheap.
import type { Op } from '../core/history.ts';

export interface Pairs {
  /** For an invoke: the index of its completion, or -1 (still open at the end). */
  readonly completionOf: Int32Array;
  /** For a completion: the index of its invoke, or -1 (none seen). */
  readonly invokeOf: Int32Array;
}

export function pairOps(history: readonly Op[]): Pairs {
  const completionOf = new Int32Array(history.length).fill(-1);
  const invokeOf = new Int32Array(history.length).fill(-1);
  const openByProcess = new Map<number | string, number>();
  for (let i = 0; i < history.length; i++) {
    const op = history[i]!;
    // Monitor samples are not request/response pairs.
    if (op.process === 'monitor') continue;
    if (op.type === 'invoke') {
      openByProcess.set(op.process, i);
      continue;
    }
    const inv = openByProcess.get(op.process);
    if (inv === undefined) continue;
    openByProcess.delete(op.process);
    completionOf[inv] = i;
    invokeOf[i] = inv;
  }
  return { completionOf, invokeOf };
}
