// The one source of randomness: a small, fast, seeded PRNG (splitmix32-style
// mixing of a 32-bit counter). Everything random in a run draws from here, so a
// seed repeats a run.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty array. */
  pick<T>(xs: readonly T[]): T;
  /** A new independent stream, derived deterministically. */
  fork(): Rng;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const nextU32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const rng: Rng = {
    next: () => nextU32() / 0x1_0000_0000,
    int: (n) => Math.floor((nextU32() / 0x1_0000_0000) * n),
    pick: (xs) => {
      if (xs.length === 0) throw new Error('pick: expected a non-empty array, got []');
      return xs[Math.floor((nextU32() / 0x1_0000_0000) * xs.length)]!;
    },
    fork: () => createRng(nextU32()),
  };
  return rng;
}
