// The real clock, timers, turns and randomness, injected at the process
// entry. The only place in store/ that reads Date.now or the OS random source.
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Clock, Random, Timers, Turns } from './ports.ts';
import { seededRandom } from './random.ts';

export function systemClock(): Clock {
  let offsetMs = 0;
  return {
    nowMs: () => Date.now() + offsetMs,
    monoMs: () => performance.now(),
    offsetMs: () => offsetMs,
    setOffsetMs: (ms) => {
      offsetMs = ms;
    },
  };
}

export function systemTimers(): Timers & { clearAll(): void } {
  const live = new Map<number, NodeJS.Timeout>();
  let next = 0;
  return {
    set: (fn, delayMs) => {
      const id = ++next;
      live.set(
        id,
        setTimeout(() => {
          live.delete(id);
          fn();
        }, delayMs),
      );
      return id;
    },
    clear: (id) => {
      clearTimeout(live.get(id));
      live.delete(id);
    },
    clearAll: () => {
      for (const t of live.values()) clearTimeout(t);
      live.clear();
    },
  };
}

/** The check phase: after the poll phase's I/O callbacks (and their promise jobs), before the loop waits again. */
export function systemTurns(): Turns {
  return { afterTurn: (fn) => void setImmediate(fn) };
}

/** Seeded when a seed is given (repeatable statements), else from the OS. */
export function systemRandom(seed: number | undefined): { random: Random; seed: number } {
  const s = seed ?? randomInt(0, 2 ** 31);
  return { random: seededRandom(s), seed: s };
}
