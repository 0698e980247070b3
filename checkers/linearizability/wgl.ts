// Wing & Gong's search with Lowe's just-in-time linearization and
// memoisation of (linearized set, state), as in Porcupine's checkSingle.
// Entries are calls and returns in history order in a doubly linked list;
// linearizing a call lifts it and its return out of the list, and a return
// reached with its call still in the list forces a backtrack.
import { EntryList } from './entries.ts';
import { Memo } from './memo.ts';
import { ILLEGAL, type FullModel, type Operation } from './model.ts';

export interface Budget {
  /** Give up (unknown) past this many (linearized set, state) pairs in the cache. */
  readonly maxCacheEntries: number;
  /** Which of the caller's budgets is spent ("time", "memory"), else null; polled every few thousand steps. */
  readonly spent: () => string | null;
}

export interface SearchFailure<S> {
  readonly kind: 'illegal' | 'unknown';
  readonly cacheEntries: number;
  readonly steps: number;
  /** At the deepest point reached: ops linearized in order, the op that could not go next, the state. */
  readonly prefix: readonly number[];
  readonly blocked: number;
  readonly state: S;
  readonly reason?: string;
}

export type SearchResult<S> =
  { readonly kind: 'ok'; readonly cacheEntries: number; readonly steps: number } | SearchFailure<S>;

/** The linearized set; its hash covers only ops of known outcome (see Cache). */
class Bits {
  readonly words: Uint32Array;
  readonly knownMask: Uint32Array;
  hash = 0;
  constructor(known: readonly boolean[]) {
    this.words = new Uint32Array((known.length + 31) >>> 5);
    this.knownMask = new Uint32Array(this.words.length);
    known.forEach((k, i) => {
      if (k) this.knownMask[i >>> 5]! |= 1 << (i & 31);
    });
  }
  static mix(i: number): number {
    return Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(i ^ 0x5bd1e995, 0x85ebca6b);
  }
  flip(i: number): void {
    const bit = 1 << (i & 31);
    this.words[i >>> 5]! ^= bit;
    if ((this.knownMask[i >>> 5]! & bit) !== 0) this.hash ^= Bits.mix(i);
  }
}

export function searchLinearization<S, I, O>(
  model: FullModel<S, I, O>,
  ops: readonly Operation<I, O>[],
  budget: Budget,
): SearchResult<S> {
  const list = new EntryList(ops);
  const inputs = ops.map((o) => o.input);
  const outputs = ops.map((o) => o.output);
  const known = ops.map((o) => o.output !== undefined && o.doneIndex >= 0);
  const bits = new Bits(known);
  // Ops of unknown outcome may take effect last or never: done once every known op is in.
  let knownLeft = known.filter(Boolean).length;
  const cache = new Memo<S>(bits.knownMask, model.equal);
  const stackNode: number[] = [];
  const stackState: S[] = [];
  // Whether each push was the just-in-time try, which decides where backtracking resumes.
  const stackJit: boolean[] = [];
  let state = model.init();
  let node = list.first();
  let steps = 0;
  let jit = true;
  let best = { depth: -1, prefix: [] as number[], blocked: -1, state };

  const tryPush = (at: number, fromJit: boolean): boolean => {
    const id = list.opOf(at);
    const after = model.step(state, inputs[id]!, outputs[id]);
    if (after === ILLEGAL) return false;
    bits.flip(id);
    const hash = (bits.hash ^ Math.imul(model.hash(after), 0x27d4eb2d)) | 0;
    if (cache.seenOrAdd(hash, bits.words, after)) {
      bits.flip(id);
      return false;
    }
    stackNode.push(at);
    stackState.push(state);
    stackJit.push(fromJit);
    if (known[id]) knownLeft--;
    state = after;
    list.lift(at);
    return true;
  };

  while (knownLeft > 0) {
    if (jit) {
      // Lowe's just-in-time order: first try the op whose return blocks the list.
      jit = false;
      steps++;
      if (tryPush(list.callOf(list.opOf(list.firstReturn())), true)) {
        jit = true;
        continue;
      }
      node = list.first();
    }
    if ((++steps & 4095) === 0) {
      const reason = cache.size > budget.maxCacheEntries ? 'cache-entries' : budget.spent();
      if (reason !== null)
        return { kind: 'unknown', cacheEntries: cache.size, steps, ...best, reason };
    }
    if (list.isCall(node)) {
      jit = tryPush(node, false);
      node = jit ? list.first() : list.next(node);
      continue;
    }
    if (stackNode.length > best.depth) {
      const prefix = stackNode.map((x) => list.opOf(x));
      best = { depth: stackNode.length, prefix, blocked: list.opOf(node), state };
    }
    if (stackNode.length === 0)
      return { kind: 'illegal', cacheEntries: cache.size, steps, ...best };
    const top = stackNode.pop()!;
    state = stackState.pop()!;
    bits.flip(list.opOf(top));
    if (known[list.opOf(top)]) knownLeft++;
    list.unlift(top);
    // After the blocking op's own try fails, the other candidates in list order.
    node = stackJit.pop()! ? list.first() : list.next(top);
  }
  return { kind: 'ok', cacheEntries: cache.size, steps };
}
