// The WGL memo of (linearized set, state) pairs. A set is stored trimmed: the
// words below `lo` are all linearized and those past `hi` all not, so an
// entry costs the width of the concurrency window, not of the history. Ops of
// unknown outcome are kept apart as a sorted id list, for dominance: a pair
// with the same state and known ops and a subset of the unknown ones
// dominates, since those can always be linearized last (or never).

export class Memo<S> {
  private data = new Uint32Array(1 << 12);
  private used = 0;
  private offset = new Int32Array(1024);
  private chain = new Int32Array(1024);
  private readonly states: S[] = [];
  /** Open addressing from hash to the newest entry with it (-1: empty slot). */
  private slotHash = new Int32Array(1 << 12);
  private slotHead = new Int32Array(1 << 12).fill(-1);
  private slotsUsed = 0;
  private readonly scratch: Uint32Array;
  size = 0;

  constructor(
    private readonly knownMask: Uint32Array,
    private readonly equal: (a: S, b: S) => boolean,
  ) {
    this.scratch = new Uint32Array(knownMask.length * 33 + 3);
  }

  /** Writes [lo, knownLen, unknownLen, known words..., unknown ids...] to scratch; returns its length. */
  private encode(bits: Uint32Array): number {
    const km = this.knownMask;
    const n = bits.length;
    let lo = 0;
    while (lo < n && (bits[lo]! | ~km[lo]!) === -1) lo++;
    let hi = n - 1;
    while (hi >= lo && (bits[hi]! & km[hi]!) === 0) hi--;
    const s = this.scratch;
    let k = 3;
    for (let i = lo; i <= hi; i++) s[k++] = bits[i]! & km[i]!;
    const knownLen = k - 3;
    for (let i = 0; i < n; i++) {
      let u = (bits[i]! & ~km[i]!) >>> 0;
      while (u !== 0) {
        const b = 31 - Math.clz32(u & -u);
        s[k++] = i * 32 + b;
        u &= u - 1;
      }
    }
    s[0] = lo;
    s[1] = knownLen;
    s[2] = k - 3 - knownLen;
    return k;
  }

  /** True when entry e's unknown ids are a subset of the scratch's and the rest is equal. */
  private dominates(e: number): boolean {
    const d = this.data;
    const s = this.scratch;
    const o = this.offset[e]!;
    if (d[o] !== s[0] || d[o + 1] !== s[1]) return false;
    const knownLen = s[1]!;
    for (let i = 0; i < knownLen; i++) if (d[o + 3 + i] !== s[3 + i]) return false;
    // Both id lists ascend: walk them together.
    let j = 3 + knownLen;
    const jEnd = j + s[2]!;
    for (let i = 0; i < d[o + 2]!; i++) {
      const id = d[o + 3 + knownLen + i]!;
      while (j < jEnd && s[j]! < id) j++;
      if (j === jEnd || s[j] !== id) return false;
    }
    return true;
  }

  /** Adds the pair unless a dominating one is present (then true). */
  seenOrAdd(hash: number, bits: Uint32Array, state: S): boolean {
    const len = this.encode(bits);
    const at = this.find(hash);
    const head = this.slotHead[at]!;
    for (let e = head; e >= 0; e = this.chain[e]!) {
      if (this.dominates(e) && this.equal(this.states[e]!, state)) return true;
    }
    const e = this.size++;
    if (e >= this.chain.length) {
      this.chain = grown(this.chain, this.chain.length * 2);
      this.offset = grown(this.offset, this.offset.length * 2);
    }
    if (this.used + len > this.data.length) {
      this.data = grown(this.data, Math.max(this.data.length * 2, this.used + len));
    }
    this.data.set(this.scratch.subarray(0, len), this.used);
    this.offset[e] = this.used;
    this.used += len;
    this.chain[e] = head;
    this.states.push(state);
    this.slotHash[at] = hash;
    this.slotHead[at] = e;
    if (head < 0 && ++this.slotsUsed * 2 > this.slotHead.length) this.rehash();
    return false;
  }

  /** The slot holding hash, or the empty slot where it would go (linear probing). */
  private find(hash: number): number {
    const mask = this.slotHead.length - 1;
    let i = (Math.imul(hash, 0x9e3779b1) >>> 0) & mask;
    while (this.slotHead[i]! >= 0 && this.slotHash[i] !== hash) i = (i + 1) & mask;
    return i;
  }

  private rehash(): void {
    const oldHash = this.slotHash;
    const oldHead = this.slotHead;
    this.slotHash = new Int32Array(oldHead.length * 2);
    this.slotHead = new Int32Array(oldHead.length * 2).fill(-1);
    for (let i = 0; i < oldHead.length; i++) {
      if (oldHead[i]! < 0) continue;
      const at = this.find(oldHash[i]!);
      this.slotHash[at] = oldHash[i]!;
      this.slotHead[at] = oldHead[i]!;
    }
  }
}

function grown<T extends Uint32Array | Int32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
