// The WGL entry list: every op's call and return in history order, doubly
// linked, so linearizing an op lifts its two entries out in O(1) and
// backtracking puts them back (dancing links).
import type { Operation } from './model.ts';

/** Entry order: calls by invoke position, returns by completion position; unknown returns last. */
function entryOrder(ops: readonly Operation<unknown, unknown>[]): { op: number; call: boolean }[] {
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

export class EntryList {
  // Node 0 is the head; node k + 1 is the k-th entry.
  private readonly nextOf: Int32Array;
  private readonly prevOf: Int32Array;
  /** For a call node, its return node; -1 for return nodes. */
  private readonly matchOf: Int32Array;
  private readonly opIds: Int32Array;
  private readonly callNode: Int32Array;

  constructor(ops: readonly Operation<unknown, unknown>[]) {
    const events = entryOrder(ops);
    const n = events.length;
    this.nextOf = new Int32Array(n + 1);
    this.prevOf = new Int32Array(n + 1);
    this.matchOf = new Int32Array(n + 1).fill(-1);
    this.opIds = new Int32Array(n + 1).fill(-1);
    this.callNode = new Int32Array(ops.length);
    const retNode = new Int32Array(ops.length);
    for (let k = 0; k <= n; k++) {
      this.nextOf[k] = k < n ? k + 1 : -1;
      this.prevOf[k] = k - 1;
    }
    events.forEach((e, k) => {
      this.opIds[k + 1] = e.op;
      if (e.call) this.callNode[e.op] = k + 1;
      else retNode[e.op] = k + 1;
    });
    events.forEach((e, k) => {
      if (e.call) this.matchOf[k + 1] = retNode[e.op]!;
    });
  }

  first(): number {
    return this.nextOf[0]!;
  }

  next(node: number): number {
    return this.nextOf[node]!;
  }

  isCall(node: number): boolean {
    return this.matchOf[node]! >= 0;
  }

  opOf(node: number): number {
    return this.opIds[node]!;
  }

  callOf(op: number): number {
    return this.callNode[op]!;
  }

  /** The first return entry still in the list: its op must be linearized before anything after it. */
  firstReturn(): number {
    let r = this.nextOf[0]!;
    while (this.matchOf[r]! >= 0) r = this.nextOf[r]!;
    return r;
  }

  /** Takes a call entry and its return out of the list. */
  lift(call: number): void {
    this.unlink(call);
    this.unlink(this.matchOf[call]!);
  }

  /** Puts back what lift took out; calls must unwind in reverse order. */
  unlift(call: number): void {
    this.relink(this.matchOf[call]!);
    this.relink(call);
  }

  private unlink(x: number): void {
    const p = this.prevOf[x]!;
    const n = this.nextOf[x]!;
    this.nextOf[p] = n;
    if (n >= 0) this.prevOf[n] = p;
  }

  private relink(x: number): void {
    const p = this.prevOf[x]!;
    const n = this.nextOf[x]!;
    this.nextOf[p] = x;
    if (n >= 0) this.prevOf[n] = x;
  }
}
