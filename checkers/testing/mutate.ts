// Mutations of generated histories for property tests: make one read return
// an older version, and find the reads where doing so must break a guarantee.
import type { Op } from '../../core/history.ts';
import { pairer, readsOf, writesOf } from '../kv-session.ts';

export interface ReadSlot {
  /** Completion index of the read op. */
  readonly index: number;
  /** Position of the micro-op in its value. */
  readonly micro: number;
  readonly key: string;
  readonly version: number;
  /** The version this read must not go below for the guarantee in question. */
  readonly floor: number;
}

/** A copy of `history` where read micro-op `micro` of op `index` returns `version`. */
export function withRead(
  history: readonly Op[],
  index: number,
  micro: number,
  version: number,
): Op[] {
  const out = history.slice();
  const op = out[index]!;
  const value = (op.value as unknown[][]).map((m, i) =>
    i === micro ? [m[0], m[1], version === 0 ? null : version] : m,
  );
  out[index] = { ...op, value };
  return out;
}

/** Reads whose session has an acknowledged write to that key: going below it breaks RYW. */
export function ownReadSlots(history: readonly Op[]): ReadSlot[] {
  const acked = new Map<string, number>();
  const out: ReadSlot[] = [];
  const step = pairer((c) => {
    readsOf(c).forEach((r, micro) => {
      const floor = acked.get(`${c.process}/${r.key}`) ?? 0;
      if (floor > 0)
        out.push({ index: c.done.index, micro, key: r.key, version: r.version, floor });
    });
    if (c.done.type !== 'ok') return;
    for (const w of writesOf(c)) acked.set(`${c.process}/${w.key}`, w.version);
  });
  history.forEach(step);
  return out;
}

/** Reads preceded, in an earlier op of the session, by a read of the same key: going below it breaks MR. */
export function repeatReadSlots(history: readonly Op[]): ReadSlot[] {
  const seen = new Map<string, number>();
  const out: ReadSlot[] = [];
  const step = pairer((c) => {
    const reads = readsOf(c);
    reads.forEach((r, micro) => {
      const floor = seen.get(`${c.process}/${r.key}`) ?? 0;
      if (floor > 0)
        out.push({ index: c.done.index, micro, key: r.key, version: r.version, floor });
    });
    for (const r of reads) {
      const k = `${c.process}/${r.key}`;
      seen.set(k, Math.max(seen.get(k) ?? 0, r.version));
    }
  });
  history.forEach(step);
  return out;
}

/** Every read micro-op that returned a value, which could be made older. */
export function allReadSlots(history: readonly Op[]): ReadSlot[] {
  const out: ReadSlot[] = [];
  history.forEach(
    pairer((c) =>
      readsOf(c).forEach((r, micro) => {
        if (r.version > 0)
          out.push({ index: c.done.index, micro, key: r.key, version: r.version, floor: 0 });
      }),
    ),
  );
  return out;
}
