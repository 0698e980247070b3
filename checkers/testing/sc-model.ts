// Histories from a linearizable model: one in-memory map, sessions whose ops
// overlap in real time but take effect atomically between invoke and
// completion. Every session guarantee holds in them, so no session checker
// may flag one. Steps are data (from fast-check), so failures shrink.
import type { Op } from '../../core/history.ts';
import { HistoryBuilder } from './builder.ts';

export interface Step {
  readonly slot: number;
  readonly choice: number;
}

interface Slot {
  process: number;
  phase: 'idle' | 'invoked' | 'applied';
  write: { key: string; value: number } | null;
  readKeys: string[];
  result: Record<string, number | null>;
}

class Model {
  readonly h = new HistoryBuilder();
  readonly store = new Map<string, number>();
  readonly next = new Map<number, number>();
  readonly orphans: { key: string; value: number }[] = [];
  readonly slots: Slot[];
  nextProcess: number;

  constructor(n: number) {
    this.slots = Array.from({ length: n }, (_, i) => this.fresh(i + 1));
    this.nextProcess = n + 1;
  }

  fresh(process: number): Slot {
    return { process, phase: 'idle', write: null, readKeys: [], result: {} };
  }

  invoke(s: Slot, c: number): void {
    const own = `k${s.process}`;
    if (c % 3 !== 0) {
      const value = (this.next.get(s.process) ?? 0) + 1;
      this.next.set(s.process, value);
      s.write = { key: own, value };
      this.h.invokeWrite(s.process, own, value);
    } else {
      const known = [...new Set([own, ...this.store.keys()])];
      const want = 1 + ((c >> 2) % 3);
      s.write = null;
      s.readKeys = known.filter((_, i) => ((c >> 4) + i) % known.length < want);
      this.h.invokeRead(s.process, s.readKeys);
    }
    s.phase = 'invoked';
  }

  apply(s: Slot): void {
    if (s.write !== null) this.store.set(s.write.key, s.write.value);
    else s.result = Object.fromEntries(s.readKeys.map((k) => [k, this.store.get(k) ?? null]));
    s.phase = 'applied';
  }

  retire(i: number): void {
    this.slots[i] = this.fresh(this.nextProcess++);
  }

  step(i: number, c: number): void {
    const s = this.slots[i]!;
    if (this.orphans.length > 0 && c % 5 === 0) {
      const o = this.orphans.shift()!;
      this.store.set(o.key, o.value);
    }
    if (s.phase === 'idle') return this.invoke(s, c);
    if (s.phase === 'invoked') {
      if (s.write !== null && c % 7 === 0) {
        this.orphans.push(s.write);
        this.h.complete(s.process, 'info');
        return this.retire(i);
      }
      if (s.write !== null && c % 13 === 1) {
        this.h.complete(s.process, 'fail');
        s.phase = 'idle';
        return;
      }
      return this.apply(s);
    }
    if (s.write !== null && c % 11 === 0) {
      this.h.complete(s.process, 'info');
      return this.retire(i);
    }
    this.h.complete(s.process, 'ok', s.write === null ? s.result : undefined);
    s.phase = 'idle';
  }

  finish(finalReads: number): Op[] {
    for (const s of this.slots) {
      if (s.phase === 'invoked') this.apply(s);
      if (s.phase === 'applied') {
        this.h.complete(s.process, 'ok', s.write === null ? s.result : undefined);
      }
    }
    const keys = [...this.store.keys()];
    for (let n = 0; n < finalReads && keys.length > 0; n++) {
      const p = this.nextProcess++;
      this.h.invokeRead(p, keys, 'final-read');
      const values = Object.fromEntries(keys.map((k) => [k, this.store.get(k) ?? null]));
      this.h.complete(p, 'ok', values, `n${n + 1}`);
    }
    return this.h.ops;
  }
}

/** A linearizable kv history over `sessions` concurrent slots, driven by `steps`. */
export function linearizableHistory(
  sessions: number,
  steps: readonly Step[],
  finalReads = 2,
): Op[] {
  const m = new Model(sessions);
  for (const st of steps) m.step(st.slot % sessions, st.choice);
  return m.finish(finalReads);
}
