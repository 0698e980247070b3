// The faults a progress line shows as active: opened by a nemesis invoke,
// renamed in words once its completion says what it did, closed by the op
// that undoes it (faults.ts pairs them the same way for the report).
import type { Op } from '../core/history.ts';
import { faultEffect, faultWords } from './fault-words.ts';
import { closerOf, isCloser } from './faults.ts';

export class ActiveFaults {
  /** Open faults by the f that closes them, each with a label per start. */
  private readonly open = new Map<string, string[]>();
  /** The fault whose completion will say what it did. */
  private last: { list: string[]; at: number } | undefined;

  /** A nemesis invoke: opens, closes or heals; returns its label for a log line. */
  invoke(op: Op): string {
    this.last = undefined;
    const label =
      typeof op.value === 'string' || Array.isArray(op.value)
        ? `${op.f} ${[op.value].flat().join(',')}`
        : op.f;
    if (op.f === 'heal-all' || op.f === 'heal-everything') this.open.clear();
    else if (isCloser(op.f)) {
      const list = this.open.get(op.f);
      list?.shift();
      if (list?.length === 0) this.open.delete(op.f);
    } else {
      const closer = closerOf(op.f) ?? `\u0000${op.f}`;
      const list = this.open.get(closer) ?? [];
      list.push(label);
      this.open.set(closer, list);
      this.last = { list, at: list.length - 1 };
    }
    return label;
  }

  /** A nemesis completion: the fault it completes is shown in words ("n3 isolated from n1, n2"). */
  complete(op: Op): void {
    const last = this.last;
    this.last = undefined;
    if (!last || last.list[last.at] === undefined) return;
    const v = op.value as { restarted?: unknown } | null;
    // A kill that restarts by itself is over once its completion arrives.
    if (op.f === 'kill' && Array.isArray(v?.restarted) && v.restarted.length > 0) {
      last.list.splice(last.at, 1);
      return;
    }
    const words = faultWords(faultEffect(op.f, undefined, op.value, op.node));
    if (words) last.list[last.at] = words;
  }

  text(): string {
    return [...this.open.values()].flat().join(', ') || 'none';
  }
}
