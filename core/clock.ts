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
    sleepMs: sleepVia(afterMs),
    afterMs,
  };
}

function afterMs(ms: number, fn: () => void): () => void {
  const t = setTimeout(fn, Math.max(0, ms));
  return () => clearTimeout(t);
}

/** A clock's sleepMs from its afterMs: every clock sleeps and aborts a sleep the same way. */
export function sleepVia(after: Clock['afterMs']): Clock['sleepMs'] {
  return (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const cancel = after(ms, done);
      function onAbort(): void {
        cancel();
        resolve();
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
}

/** Wall-clock time as an ISO string, for run directory names and config.json. */
export function wallClockIso(): string {
  return new Date().toISOString();
}
