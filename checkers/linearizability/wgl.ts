// Wing & Gong's search with Lowe's just-in-time linearization and
// memoisation of (linearized set, state), as in Porcupine's checkSingle.
// Entries are calls and returns in history order in a doubly linked list;
// linearizing a call lifts it and its return out of the list, and a return
// reached with its call still in the list forces a backtrack.
import { Memo } from './memo.ts';
import { ILLEGAL, type FullModel, type Operation } from './model.ts';

export interface Budget {
  /** Give up (unknown) past this many (linearized set, state) pairs in the cache. */
  readonly maxCacheEntries: number;
  /** Returns true once the caller's time budget is spent; polled every few thousand steps. */
  readonly expired: () => boolean;
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

/** Entry order: calls by invoke position, returns by completion position; unknown returns last. */
function entryOrder<I, O>(ops: readonly Operation<I, O>[]): { op: number; call: boolean }[] {
  const events: { pos: number; op: number; call: boolean }[] = [];
  ops.forEach((o, i) => {
    events.push({ pos: o.invokeIndex, op: i, call: true });
    const ret = o.output === undefined || o.doneIndex < 0 ? Infinity : o.doneIndex;
    events.push({ pos: ret, op: i, call: false });
  });
  events.sort((a, b) => a.pos - b.pos || (a.call === b.call ? a.op - b.op : a.call ? 1 : -1));
  // Between two returns the order of calls is free. Trying ops with a known
  // outcome first finds a linearization sooner: an op of unknown outcome can
  // always wait, so linearizing it eagerly mostly opens dead ends.
  const unknown = (op: number) => ops[op]!.output === undefined || ops[op]!.doneIndex < 0;
  for (let i = 0; i < events.length;) {
    let j = i;
    while (j < events.length && events[j]!.call) j++;
    const run = events.slice(i, j);
    run.sort((a, b) => Number(unknown(a.op)) - Number(unknown(b.op)));
    events.splice(i, run.length, ...run);
    i = j + 1;
  }
  return events;
}

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
  const events = entryOrder(ops);
  const n = events.length;
  // Node 0 is the head; node k + 1 is events[k].
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  const matchOf = new Int32Array(n + 1).fill(-1);
  const retNode = new Int32Array(ops.length);
  for (let k = 0; k <= n; k++) {
    next[k] = k + 1 < n + 1 ? k + 1 : -1;
    prev[k] = k - 1;
  }
  events.forEach((e, k) => {
    if (!e.call) retNode[e.op] = k + 1;
  });
  events.forEach((e, k) => {
    if (e.call) matchOf[k + 1] = retNode[e.op]!;
  });
  const opIds = new Int32Array(n + 1).fill(-1);
  events.forEach((e, k) => (opIds[k + 1] = e.op));
  const inputs = ops.map((o) => o.input);
  const outputs = ops.map((o) => o.output);
  const opOf = (node: number): number => opIds[node]!;
  const unlink = (x: number): void => {
    next[prev[x]!] = next[x]!;
    if (next[x]! >= 0) prev[next[x]!] = prev[x]!;
  };
  const relink = (x: number): void => {
    next[prev[x]!] = x;
    if (next[x]! >= 0) prev[next[x]!] = x;
  };

  const known = ops.map((o) => o.output !== undefined && o.doneIndex >= 0);
  const bits = new Bits(known);
  // Ops of unknown outcome may take effect last or never: done once every known op is in.
  let knownLeft = known.filter(Boolean).length;
  const cache = new Memo<S>(bits.knownMask, model.equal);
  const stackNode: number[] = [];
  const stackState: S[] = [];
  let state = model.init();
  let node = next[0]!;
  let steps = 0;
  let best = { depth: -1, prefix: [] as number[], blocked: -1, state };

  const seen = (s: S): boolean =>
    cache.seenOrAdd((bits.hash ^ Math.imul(model.hash(s), 0x27d4eb2d)) | 0, bits.words, s);

  const callNode = new Int32Array(ops.length);
  events.forEach((e, k) => {
    if (e.call) callNode[e.op] = k + 1;
  });
  // Lowe's just-in-time order: first try the op whose return blocks the list.
  const stackJit: boolean[] = [];
  let jit = true;
  const tryPush = (at: number, fromJit: boolean): boolean => {
    const id = opIds[at]!;
    const after = model.step(state, inputs[id]!, outputs[id]);
    if (after === ILLEGAL) return false;
    bits.flip(id);
    if (seen(after)) {
      bits.flip(id);
      return false;
    }
    stackNode.push(at);
    stackState.push(state);
    stackJit.push(fromJit);
    if (known[id]) knownLeft--;
    state = after;
    unlink(at);
    unlink(matchOf[at]!);
    return true;
  };

  while (knownLeft > 0) {
    if (jit) {
      jit = false;
      steps++;
      let r = next[0]!;
      while (matchOf[r]! >= 0) r = next[r]!;
      if (tryPush(callNode[opOf(r)]!, true)) {
        jit = true;
        continue;
      }
      node = next[0]!;
    }
    if ((++steps & 4095) === 0 && (budget.expired() || cache.size > budget.maxCacheEntries)) {
      const reason = cache.size > budget.maxCacheEntries ? 'cache-entries' : 'time';
      return { kind: 'unknown', cacheEntries: cache.size, steps, ...best, reason };
    }
    if (matchOf[node]! >= 0) {
      if (tryPush(node, false)) {
        jit = true;
        node = next[0]!;
      } else node = next[node]!;
      continue;
    }
    if (stackNode.length > best.depth) {
      best = { depth: stackNode.length, prefix: stackNode.map(opOf), blocked: opOf(node), state };
    }
    if (stackNode.length === 0)
      return { kind: 'illegal', cacheEntries: cache.size, steps, ...best };
    const top = stackNode.pop()!;
    state = stackState.pop()!;
    bits.flip(opOf(top));
    if (known[opOf(top)]) knownLeft++;
    relink(matchOf[top]!);
    relink(top);
    // After the blocking op's own try fails, the other candidates in list order.
    node = stackJit.pop()! ? next[0]! : next[top]!;
  }
  return { kind: 'ok', cacheEntries: cache.size, steps };
}
