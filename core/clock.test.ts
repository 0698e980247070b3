// The real clock's timers: what an op's timeout relies on. afterMs fires once
// its time has passed, and a cancelled one never fires (the timer is gone, so
// a finished op holds nothing open).
import { describe, expect, it } from 'vitest';
import { realClock } from './clock.ts';

describe('realClock', () => {
  it('afterMs calls fn once its time has passed, with the clock past it', async () => {
    const clock = realClock();
    const startNs = clock.nowNs();
    const firedAtNs = await new Promise<number>((resolve) =>
      clock.afterMs(20, () => resolve(clock.nowNs())),
    );
    expect(firedAtNs - startNs).toBeGreaterThanOrEqual(19e6);
  });

  it('a cancelled afterMs never fires, and a sleep past it still ends', async () => {
    const clock = realClock();
    const fired: string[] = [];
    const cancel = clock.afterMs(5, () => fired.push('cancelled'));
    clock.afterMs(5, () => fired.push('kept'));
    cancel();
    await clock.sleepMs(40);
    expect(fired).toEqual(['kept']);
  });

  it('sleepMs ends at once when its signal aborts', async () => {
    const clock = realClock();
    const ac = new AbortController();
    const slept = clock.sleepMs(600_000, ac.signal);
    ac.abort();
    await expect(slept).resolves.toBeUndefined();
  });
});
