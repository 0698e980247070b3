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

/** Wall time, and CPU time of this process (steadier on a shared machine; includes GC threads). */
export function timeMs<T>(f: () => T): { ms: number; cpuMs: number; value: T } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = f();
  const used = process.cpuUsage(c);
  return { ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000, value };
}

/** The best of `n` runs, since the machine is shared and the first run also compiles. */
export function bestMs<T>(n: number, f: () => T): { ms: number; cpuMs: number; value: T } {
  let best = timeMs(f);
  for (let i = 1; i < n; i++) {
    const r = timeMs(f);
    if (r.ms < best.ms) best = r;
  }
  return best;
}

export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

/** Percentiles of latencies in ms, rounded to 0.01 ms. */
export function latencyStats(xs: readonly number[]): { p50: number; p99: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { p50: round(at(0.5), 2), p99: round(at(0.99), 2), max: round(s[s.length - 1] ?? NaN, 2) };
}
