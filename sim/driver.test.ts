// The driver skips virtual milliseconds in which nothing is due. These tests
// pin what that must not change: each timer runs at its own virtual time, a
// promise chain a step starts settles before the next step, and a run that
// never finishes still fails at the limit.
import { describe, expect, it } from 'vitest';
import { SimWorld } from '../store/memory.ts';
import { SimDriver } from './driver.ts';

/** A promise chain of `hops` awaits: far more than any fixed microtask budget. */
async function chain(hops: number): Promise<void> {
  for (let i = 0; i < hops; i++) await Promise.resolve();
}

describe('SimDriver', () => {
  it('jumps over idle time, yet each timer runs at its own virtual time', async () => {
    const world = new SimWorld({ seed: 1 });
    const driver = new SimDriver(world, 60_000);
    const seen: number[] = [];
    const timers = world.ports('n1').timers;
    for (const at of [30_000, 7, 2_500.5, 1_500]) timers.set(() => seen.push(world.nowMs), at);
    // What a timer at 2500.5 starts sees the end of its step, 2501, as with one step per ms.
    timers.set(() => void Promise.resolve().then(() => seen.push(world.nowMs)), 2_500.5);
    await driver.run(() => driver.clock.sleepMs(40_000));
    expect(seen).toEqual([7, 1_500, 2_500.5, 2_501, 30_000]);
    expect(world.nowMs).toBe(40_000);
  });

  it('settles what a step started before the next step, however long the chain', async () => {
    const world = new SimWorld({ seed: 1 });
    const driver = new SimDriver(world, 60_000);
    const timers = world.ports('n1').timers;
    const order: string[] = [];
    // At 100 a long chain ends by scheduling a timer 1 ms on; another timer is due at 101 already.
    timers.set(() => order.push('early@101'), 101);
    timers.set(() => {
      void chain(500).then(() => timers.set(() => order.push(`chained@${world.nowMs}`), 1));
    }, 100);
    await driver.run(() => driver.clock.sleepMs(5_000));
    // The chained timer was scheduled before step 101 ran: it fires at 101, after the earlier one.
    expect(order).toEqual(['early@101', 'chained@101']);
  });

  it('a run waiting on something that never comes fails at the limit, not later', async () => {
    const world = new SimWorld({ seed: 1 });
    const driver = new SimDriver(world, 2_000);
    world.ports('n1').timers.set(() => {}, 1_000_000);
    await expect(driver.run(() => new Promise<void>(() => {}))).rejects.toThrow(
      'simulation passed 2000 virtual ms without finishing',
    );
    expect(world.nowMs).toBe(2_001);
  });

  it('afterMs fires at its virtual time; a cancelled one never does', async () => {
    const world = new SimWorld({ seed: 1 });
    const driver = new SimDriver(world, 60_000);
    const fired: string[] = [];
    driver.clock.afterMs(250, () => fired.push(`kept@${world.nowMs}`));
    const cancel = driver.clock.afterMs(100, () => fired.push('cancelled'));
    driver.clock.afterMs(50, cancel);
    await driver.run(() => driver.clock.sleepMs(1_000));
    expect(fired).toEqual(['kept@250']);
    expect(world.nextDueMs()).toBeNull();
  });
});
