// Progress of `splitbrain check` on a large history (issue 8): ops checked and
// MiB read, redrawn on a TTY through reports/progress.ts. Small files and
// pipes get nothing: the check is over before a status line would help.
import { createProgress } from '../reports/progress.ts';

/** Below this a check takes well under a second; no status line. */
export const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;
/** Ops between two updates: the status line throttles itself, this spares the calls. */
const UPDATE_OPS = 4096;
const MIB = 1024 * 1024;

export interface CheckProgress {
  onRead(ops: number, chars: number): void;
  finish(): void;
}

export interface CheckProgressOptions {
  readonly fileBytes: number;
  readonly isTTY: boolean;
  readonly write: (text: string) => void;
  readonly nowMs: () => number;
  readonly minBytes?: number;
}

/** A progress reporter for reading a history file, or null when none is worth showing. */
export function checkProgress(o: CheckProgressOptions): CheckProgress | null {
  if (!o.isTTY || o.fileBytes < (o.minBytes ?? PROGRESS_MIN_BYTES)) return null;
  const p = createProgress({ write: o.write, nowMs: o.nowMs, isTTY: true });
  const totalMb = Math.max(1, Math.round(o.fileBytes / MIB));
  let last = { ops: 0, chars: 0 };
  const show = () =>
    p.setWork(
      `${last.ops.toLocaleString('en-US')} ops checked · MiB read`,
      Math.min(totalMb, Math.round(last.chars / MIB)),
      totalMb,
    );
  return {
    onRead(ops, chars) {
      last = { ops, chars };
      if (ops % UPDATE_OPS === 0) show();
    },
    finish() {
      show();
      p.finish(`read ${last.ops.toLocaleString('en-US')} ops (${totalMb} MiB)`);
    },
  };
}
