// A brute-force consistent-prefix oracle straight from the definition: a full
// copy of the writer's frontier per write. Quadratic memory; tests only.
import type { Op } from '../../core/history.ts';
import { sessionPairer, invokedWrites, readsOf } from '../kv-session.ts';
import type { ReadSlot } from './mutate.ts';

type Frontier = Map<string, number>;

function raise(f: Frontier, key: string, v: number): void {
  if ((f.get(key) ?? 0) < v) f.set(key, v);
}

/** Completion indices of the reads that violate consistent prefix. */
export function cpViolations(history: readonly Op[]): Set<number> {
  return new Set(
    cpReads(history)
      .filter((r) => r.version < r.floor)
      .map((r) => r.index),
  );
}

/** Every read micro-op with the version consistent prefix requires of it (0: none). */
export function cpReads(history: readonly Op[]): ReadSlot[] {
  const deps = new Map<string, Frontier>();
  const frontier = new Map<number, Frontier>();
  const required = new Map<number, Frontier>();
  const out: ReadSlot[] = [];
  const get = <K, V>(m: Map<K, V>, k: K, make: () => V): V => {
    if (!m.has(k)) m.set(k, make());
    return m.get(k)!;
  };
  const complete = sessionPairer((c) => {
    const reads = readsOf(c);
    const f = get(frontier, c.process, () => new Map());
    const req = get(required, c.process, () => new Map());
    for (const r of reads) {
      for (const [k, x] of deps.get(`${r.key}=${r.version}`) ?? []) {
        raise(f, k, x);
        if (k !== r.key) raise(req, k, x);
      }
      raise(f, r.key, r.version);
    }
    reads.forEach((r, micro) => {
      const floor = req.get(r.key) ?? 0;
      out.push({ index: c.done.index, micro, key: r.key, version: r.version, floor });
    });
  });
  for (const op of history) {
    if (op.type === 'invoke' && typeof op.process === 'number') {
      const f = get(frontier, op.process, () => new Map());
      for (const w of invokedWrites(op)) {
        deps.set(`${w.key}=${w.version}`, new Map(f));
        raise(f, w.key, w.version);
      }
    }
    complete(op);
  }
  return out;
}
