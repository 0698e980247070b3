// Drives a simulated world in virtual time. Between steps it yields one
// macrotask turn, so every promise chain the last step started settles first;
// with no real I/O in the loop, the order of everything is fixed by the seed.
// A step in which no timer or message is due changes nothing, so the driver
// skips straight to the step of the next one due: the same steps run, in the
// same order, with the same virtual times, without a macrotask turn per idle ms.
import type { SimWorld } from '../store/memory.ts';
import { sleepVia, type Clock } from '../core/clock.ts';

/** Virtual milliseconds per step: the resolution of simulated time. */
const STEP_MS = 1;

export class SimDriver {
  private running = false;
  private loop: Promise<void> | null = null;
  readonly clock: Clock;

  constructor(
    readonly world: SimWorld,
    /** A run that has not finished after this much virtual time is stuck. */
    private readonly maxVirtualMs: number,
  ) {
    const timers = world.ports('controller').timers;
    const afterMs: Clock['afterMs'] = (ms, fn) => {
      const id = timers.set(fn, Math.max(0, Math.ceil(ms)));
      return () => timers.clear(id);
    };
    this.clock = { nowNs: () => world.nowMs * 1e6, sleepMs: sleepVia(afterMs), afterMs };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await new Promise<void>((r) => setImmediate(r));
        if (!this.running) break;
        const now = this.world.nowMs;
        if (now > this.maxVirtualMs) {
          this.running = false;
          throw new Error(
            `simulation passed ${this.maxVirtualMs} virtual ms without finishing; a generator or client never completes`,
          );
        }
        this.world.advance(this.nextStepMs(now) - now);
      }
    })();
  }

  /**
   * Where the next step ends: one step on, or, when nothing is due before
   * then, the first step boundary at or past the next due time (never past the
   * limit, so a stuck run still fails there).
   */
  private nextStepMs(now: number): number {
    const due = this.world.nextDueMs();
    const oneStep = now + STEP_MS;
    if (due === null || due <= oneStep) return oneStep;
    const boundary = Math.ceil(due / STEP_MS) * STEP_MS;
    return Math.min(boundary, Math.floor(this.maxVirtualMs / STEP_MS) * STEP_MS + STEP_MS);
  }

  /** Runs fn with the world moving, then stops it. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.start();
    try {
      return await Promise.race([fn(), this.loop!.then(() => never<T>())]);
    } finally {
      this.running = false;
      await this.loop?.catch(() => {});
    }
  }
}

function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}
