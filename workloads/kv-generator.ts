// The kv workload's op stream. Version order must be visible to a black-box
// checker, so every key has a single writer — the process whose number is in
// its name — and that writer's values count up 1, 2, 3... A process retired
// after an info op never writes again: its successor gets a fresh key, so a
// write still in flight from the old process cannot reorder the versions.
import type { Op } from '../core/history.ts';
import type { NodeInfo } from '../core/cluster.ts';
import type { GenContext, Generator } from '../core/generator/generator.ts';
import { list } from '../core/generator/combinators.ts';

export const keyOf = (process: number): string => `k${process}`;

export interface KvMix {
  /** Relative weights of the op kinds. */
  readonly write: number;
  readonly readOwn: number;
  readonly readOther: number;
  readonly readMany: number;
}

export const DEFAULT_MIX: KvMix = { write: 4, readOwn: 2, readOther: 2, readMany: 2 };

interface State {
  /** Next value per writer process. */
  readonly nextValue: ReadonlyMap<number, number>;
  /** Keys that have been written at least once (invoked), oldest first. */
  readonly written: readonly string[];
}

function chooseKind(ctx: GenContext, mix: KvMix): keyof KvMix {
  const total = mix.write + mix.readOwn + mix.readOther + mix.readMany;
  let r = ctx.rng.next() * total;
  for (const k of ['write', 'readOwn', 'readOther', 'readMany'] as const) {
    r -= mix[k];
    if (r < 0) return k;
  }
  return 'write';
}

function reads(keys: readonly string[]): [string, string, null][] {
  return keys.map((k) => ['r', k, null]);
}

/** Some keys other than `own`, drawn from those written; fewer when few exist. */
function others(ctx: GenContext, written: readonly string[], own: string, n: number): string[] {
  const pool = written.filter((k) => k !== own);
  const out: string[] = [];
  for (let i = 0; i < n && pool.length > 0; i++) {
    const j = ctx.rng.int(pool.length);
    out.push(pool[j]!);
    pool.splice(j, 1);
  }
  return out;
}

/** Which client threads only read (kv-readers): none in plain kv. */
export type ReaderThreads = (thread: number) => boolean;

const NO_READERS: ReaderThreads = () => false;

/** How many of the newest keys a reader picks from. */
const READER_RECENT = 4;

/**
 * A reader's op: one to three of the keys writers began most recently (its
 * own, never written, while none exist). Fresh keys are where a write that
 * only the newest leader holds shows: a writer that moved to a new leader
 * writes a new key.
 */
function readerRead(ctx: GenContext, written: readonly string[], own: string): string[] {
  const keys = others(ctx, written.slice(-READER_RECENT), own, 1 + ctx.rng.int(3));
  return keys.length > 0 ? keys : [own];
}

function kvGen(state: State, mix: KvMix, readers: ReaderThreads): Generator {
  // A read changes no state: the stream goes on as itself, with nothing rebuilt.
  const self: Generator = {
    op(ctx) {
      const free = ctx.free.filter((t) => t !== 'nemesis');
      if (free.length === 0) return 'pending';
      const thread = free.length === 1 ? free[0]! : ctx.rng.pick(free);
      const process = ctx.processOf(thread) as number;
      const own = keyOf(process);
      const kind = chooseKind(ctx, mix);
      const base = { process, timeNs: ctx.timeNs };
      if (typeof thread === 'number' && readers(thread)) {
        const value = reads(readerRead(ctx, state.written, own));
        return { op: { ...base, f: 'read', value }, gen: self };
      }
      if (kind === 'write' || state.written.length === 0) {
        const v = state.nextValue.get(process) ?? 1;
        const nextValue = new Map(state.nextValue).set(process, v + 1);
        const written = state.written.includes(own) ? state.written : [...state.written, own];
        return {
          op: { ...base, f: 'write', value: [['w', own, v]] },
          gen: kvGen({ nextValue, written }, mix, readers),
        };
      }
      let keys: string[];
      if (kind === 'readOwn') keys = [own];
      else if (kind === 'readOther') keys = others(ctx, state.written, own, 1);
      else keys = [own, ...others(ctx, state.written, own, 1 + ctx.rng.int(2))];
      if (keys.length === 0) keys = [own];
      return { op: { ...base, f: 'read', value: reads(keys) }, gen: self };
    },
    update() {
      return self;
    },
  };
  return self;
}

/** The endless main-phase stream; reader threads only read the writers' keys. */
export function kvGenerator(mix: KvMix = DEFAULT_MIX, readers = NO_READERS): Generator {
  return kvGen({ nextValue: new Map(), written: [] }, mix, readers);
}

/** Every key a history tried to write, in first-write order. */
export function keysWritten(history: readonly Op[]): string[] {
  const seen = new Set<string>();
  for (const op of history) {
    if (op.type !== 'invoke' || op.f !== 'write' || !Array.isArray(op.value)) continue;
    for (const m of op.value as unknown[]) {
      if (Array.isArray(m) && m[0] === 'w' && typeof m[1] === 'string') seen.add(m[1]);
    }
  }
  return [...seen];
}

/** One read of every written key from every node: the convergence and lost-write evidence. */
export function finalReads(history: readonly Op[], nodes: readonly NodeInfo[]): Generator {
  const keys = keysWritten(history);
  if (keys.length === 0) return list([]);
  return list(nodes.map((n) => ({ f: 'final-read', value: reads(keys), node: n.id })));
}
