// Waiting for a system to settle (replicas caught up before the final reads),
// bounded, on the run's clock: shared by every system's quiesce.
import type { Clock } from '../core/clock.ts';

const POLL_MS = 100;

/** Polls `done` until it holds (true) or timeoutMs of the clock passed (false). */
export async function pollUntil(
  clock: Clock,
  timeoutMs: number,
  done: () => Promise<boolean>,
): Promise<boolean> {
  const deadlineNs = clock.nowNs() + timeoutMs * 1e6;
  while (clock.nowNs() < deadlineNs) {
    if (await done()) return true;
    await clock.sleepMs(POLL_MS);
  }
  return false;
}
