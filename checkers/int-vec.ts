// A growable Int32Array: the session checkers keep per-key state for
// million-op histories, where boxed JS arrays of numbers cost 2-4x the memory.

export class IntVec {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 8) {
    this.data = new Int32Array(Math.max(capacity, 1));
  }

  push(x: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = x;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  /** Drops the first `n` elements, keeping the rest in order. */
  dropPrefix(n: number): void {
    this.data.copyWithin(0, n, this.length);
    this.length -= n;
  }

  /** Clears without releasing memory. */
  clear(): void {
    this.length = 0;
  }

  private grow(min: number): void {
    const next = new Int32Array(Math.max(min, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

/** An Int32Array indexed by a dense id (key id, version) that grows on write; unset slots read `fill`. */
export class IntMap {
  private data: Int32Array;

  constructor(
    private readonly fill: number,
    capacity = 8,
  ) {
    this.data = new Int32Array(Math.max(capacity, 1)).fill(fill);
  }

  get(i: number): number {
    return i < this.data.length ? this.data[i]! : this.fill;
  }

  set(i: number, x: number): void {
    if (i >= this.data.length) {
      const next = new Int32Array(Math.max(i + 1, this.data.length * 2)).fill(this.fill);
      next.set(this.data);
      this.data = next;
    }
    this.data[i] = x;
  }

  get bytes(): number {
    return this.data.byteLength;
  }
}

/** The last `size` (a power of two) values set per dense id; older ones read -1. */
export class RecentIntMap {
  private readonly ids: Int32Array;
  private readonly values: Int32Array;

  constructor(size: number) {
    this.ids = new Int32Array(size).fill(-1);
    this.values = new Int32Array(size);
  }

  set(id: number, x: number): void {
    const slot = id & (this.ids.length - 1);
    this.ids[slot] = id;
    this.values[slot] = x;
  }

  get(id: number): number {
    const slot = id & (this.ids.length - 1);
    return this.ids[slot] === id ? this.values[slot]! : -1;
  }
}
