// Small helpers for bench files: timing, and heap measured after a forced
// collection (node exposes gc only behind a flag, which we set at runtime).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after collecting garbage, in MB, counting typed arrays' backing stores. */
export function heapUsedMb(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 1e6;
}

export function timeMs<T>(f: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = f();
  return { ms: performance.now() - t, value };
}

/** The best of `n` runs, since the machine is shared and the first run also compiles. */
export function bestMs<T>(n: number, f: () => T): { ms: number; value: T } {
  let best = timeMs(f);
  for (let i = 1; i < n; i++) {
    const r = timeMs(f);
    if (r.ms < best.ms) best = r;
  }
  return best;
}

export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
