// The controller's one clock. Everything that needs "now" takes a Clock, so
// tests and simulations can drive time themselves.

export interface Clock {
  /** Nanoseconds since this clock was created (monotonic). */
  nowNs(): number;
  /** Resolves after ms of this clock's time, or at once when signal aborts. */
  sleepMs(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls fn once after ms of this clock's time unless the returned cancel
   * runs first. An op's timeout is one of these: a timer, with no
   * AbortSignal to build and no listener to add and remove per op.
   */
  afterMs(ms: number, fn: () => void): () => void;
}

export function realClock(): Clock {
  const origin = process.hrtime.bigint();
  return {
    nowNs: () => Number(process.hrtime.bigint() - origin),
    sleepMs: (ms, signal) =>
      new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        const t = setTimeout(done, Math.max(0, ms));
        function done() {
          signal?.removeEventListener('abort', done);
          clearTimeout(t);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      }),
    afterMs: (ms, fn) => {
      const t = setTimeout(fn, Math.max(0, ms));
      return () => clearTimeout(t);
    },
  };
}

/** Wall-clock time as an ISO string, for run directory names and config.json. */
export function wallClockIso(): string {
  return new Date().toISOString();
}
