// The controller's one clock. Everything that needs "now" takes a Clock, so
// tests and simulations can drive time themselves.

export interface Clock {
  /** Nanoseconds since this clock was created (monotonic). */
  nowNs(): number;
  /** Resolves after ms of this clock's time. */
  sleepMs(ms: number, signal?: AbortSignal): Promise<void>;
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
  };
}

/** Wall-clock time as an ISO string, for run directory names and config.json. */
export function wallClockIso(): string {
  return new Date().toISOString();
}
