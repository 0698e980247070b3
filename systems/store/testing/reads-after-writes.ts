// For read-policy tests: each successful read, with how long after its
// session's last acknowledged write it was invoked, and the node that served it.

export interface HistoryRec {
  readonly type: string;
  readonly process: number | string;
  readonly f: string;
  readonly time: number;
  readonly node?: string;
  readonly error?: string;
}

export interface ReadAfterWrite {
  /** ms from the session's last ok write to this read's invoke; null before any write. */
  readonly sinceWriteMs: number | null;
  readonly node: string;
}

export function readsAfterWrites(history: readonly HistoryRec[]): ReadAfterWrite[] {
  const lastWriteNs = new Map<number | string, number>();
  const invokedNs = new Map<number | string, number>();
  const out: ReadAfterWrite[] = [];
  for (const op of history) {
    if (op.f === 'write' && op.type === 'ok') lastWriteNs.set(op.process, op.time);
    if (op.f !== 'read') continue;
    if (op.type === 'invoke') invokedNs.set(op.process, op.time);
    if (op.type !== 'ok' || op.node === undefined) continue;
    const w = lastWriteNs.get(op.process);
    const t = invokedNs.get(op.process)!;
    out.push({ sinceWriteMs: w === undefined ? null : (t - w) / 1e6, node: op.node });
  }
  return out;
}
