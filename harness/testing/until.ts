// Waiting in tests for something that happens on its own time (bytes through
// a proxy, a follower catching up): poll the condition, fail with a clear
// error after timeoutMs, so a broken case fails instead of hanging.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls cond every everyMs until it holds; resolves with the ms it took, throws after timeoutMs. */
export async function until(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 3000,
  everyMs = 10,
): Promise<number> {
  const start = performance.now();
  while (!(await cond())) {
    if (performance.now() - start > timeoutMs)
      throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
  return performance.now() - start;
}
