// What theory says multi-leader and leaderless replication must keep under
// any schedule of partitions, kills and pauses.
import { describe, expect, it } from 'vitest';
import { assertClaim } from './property-run.ts';

describe('multi-leader claims hold under generated fault schedules', () => {
  for (const conflicts of ['merge', 'siblings'])
    it(`--conflicts ${conflicts} never loses an acknowledged add`, async () => {
      await assertClaim({
        name: `multi-leader-${conflicts}`,
        options: { mode: 'multi-leader', conflicts, workload: 'set', rate: 50 },
        mustHold: ['set'],
        faults: ['partition', 'kill', 'pause'],
        timeLimitS: 5,
        runs: 10,
      });
    }, 120_000);
});

describe('leaderless claims hold under generated fault schedules', () => {
  it('strict quorums (w + r > n, not sloppy) keep read-your-writes for a single writer', async () => {
    await assertClaim({
      name: 'leaderless-strict-quorum',
      options: { mode: 'leaderless', n: 3, w: 2, r: 2, concurrency: 1, rate: 50 },
      mustHold: ['read-your-writes'],
      faults: ['partition', 'kill', 'pause'],
      timeLimitS: 5,
      runs: 10,
    });
  }, 120_000);
});

describe('the same properties catch the settings that do not make the claim', () => {
  it('multi-leader --conflicts lww loses acknowledged adds', async () => {
    const failure = assertClaim({
      name: 'multi-leader-lww',
      options: { mode: 'multi-leader', conflicts: 'lww', workload: 'set', rate: 50 },
      mustHold: ['set'],
      faults: ['partition'],
      timeLimitS: 5,
      runs: 10,
    });
    await expect(failure).rejects.toThrow(/multi-leader-lww: set is false[\s\S]*run --replay/);
  }, 120_000);

  it('leaderless w=1, r=1 (w + r = n - 1) breaks read-your-writes', async () => {
    const failure = assertClaim({
      name: 'leaderless-w1-r1',
      options: { mode: 'leaderless', n: 3, w: 1, r: 1, concurrency: 1, rate: 50 },
      mustHold: ['read-your-writes'],
      faults: ['partition'],
      timeLimitS: 5,
      runs: 10,
    });
    await expect(failure).rejects.toThrow(
      /leaderless-w1-r1: read-your-writes is false[\s\S]*run --replay/,
    );
  }, 120_000);
});
