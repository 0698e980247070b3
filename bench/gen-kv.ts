// A kv workload history generator for benchmarks: `slots` concurrent
// sessions against one linearizable in-memory map (so every checker should
// pass), with the harness's op mix, info ops that retire a process, and
// final reads per node. Ops are yielded lazily so memory tests can stream.
import type { Op } from '../core/history.ts';
import { createRng, type Rng } from '../core/rng.ts';

export interface KvGenOptions {
  readonly ops: number;
  readonly slots?: number;
  readonly seed?: number;
  /** Chance that a write completes as info, retiring its process. */
  readonly infoRate?: number;
  readonly nodes?: number;
}

interface Slot {
  process: number;
  pending: { f: string; value: unknown[][]; write?: [string, number] } | null;
}

function pickKeys(rng: Rng, own: string, keys: readonly string[], n: number): string[] {
  const out = [own];
  for (let i = 0; i < n && keys.length > 1; i++) {
    const k = keys[rng.int(keys.length)]!;
    if (!out.includes(k)) out.push(k);
  }
  return out;
}

export function* generateKv(opts: KvGenOptions): Generator<Op> {
  const rng = createRng(opts.seed ?? 1);
  const slotCount = opts.slots ?? 10;
  const infoRate = opts.infoRate ?? 0.001;
  const store = new Map<string, number>();
  const next = new Map<number, number>();
  const keys: string[] = [];
  const slots: Slot[] = Array.from({ length: slotCount }, (_, i) => ({
    process: i,
    pending: null,
  }));
  let nextProcess = slotCount;
  let index = 0;
  let timeNs = 0;
  const emit = (o: Omit<Op, 'index' | 'time'>): Op => {
    timeNs += 50_000 + rng.int(100_000);
    return { index: index++, time: timeNs, ...o } as Op;
  };
  while (index < opts.ops) {
    const s = slots[rng.int(slotCount)]!;
    const own = `k${s.process}`;
    if (s.pending === null) {
      const r = rng.next();
      if (r < 0.4 || keys.length === 0) {
        const v = (next.get(s.process) ?? 0) + 1;
        next.set(s.process, v);
        if (v === 1) keys.push(own);
        s.pending = { f: 'write', value: [['w', own, v]], write: [own, v] };
      } else {
        const ks =
          r < 0.6 ? [own] : r < 0.8 ? [keys[rng.int(keys.length)]!] : pickKeys(rng, own, keys, 2);
        s.pending = { f: 'read', value: ks.map((k) => ['r', k, null]) };
      }
      yield emit({ type: 'invoke', process: s.process, f: s.pending.f, value: s.pending.value });
      continue;
    }
    const p = s.pending;
    s.pending = null;
    const node = `n${1 + rng.int(3)}`;
    if (p.write !== undefined) {
      store.set(p.write[0], p.write[1]);
      const info = rng.next() < infoRate;
      yield emit({
        type: info ? 'info' : 'ok',
        process: s.process,
        f: 'write',
        value: p.value,
        node,
      });
      if (info) s.process = nextProcess++;
      continue;
    }
    const value = p.value.map(([, k]) => ['r', k, store.get(k as string) ?? null]);
    yield emit({ type: 'ok', process: s.process, f: 'read', value, node });
  }
  for (const s of slots) {
    if (s.pending === null) continue;
    if (s.pending.write !== undefined) store.set(s.pending.write[0], s.pending.write[1]);
    const value = s.pending.value.map(([t, k, x]) =>
      t === 'r' ? ['r', k, store.get(k as string) ?? null] : [t, k, x],
    );
    yield emit({ type: 'ok', process: s.process, f: s.pending.f, value });
  }
  for (let n = 1; n <= (opts.nodes ?? 3); n++) {
    const process = nextProcess++;
    const read = keys.map((k) => ['r', k, null]);
    yield emit({ type: 'invoke', process, f: 'final-read', value: read });
    yield emit({
      type: 'ok',
      process,
      f: 'final-read',
      value: keys.map((k) => ['r', k, store.get(k) ?? null]),
      node: `n${n}`,
    });
  }
}
