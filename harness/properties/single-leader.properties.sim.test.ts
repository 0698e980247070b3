// What theory says single-leader replication must keep under any schedule of
// partitions, kills and pauses (harness/matrix/theory-single-leader.ts).
import { describe, expect, it } from 'vitest';
import { assertClaim } from './property-run.ts';

const KV = ['read-your-writes', 'monotonic-reads', 'consistent-prefix'];

describe('single-leader claims hold under generated fault schedules', () => {
  it('sync replication with lsn-token reads never breaks read-your-writes', async () => {
    await assertClaim({
      name: 'sync-lsn-token',
      options: { mode: 'single-leader', replication: 'sync', readFrom: 'lsn-token', rate: 50 },
      mustHold: ['read-your-writes'],
      faults: ['partition', 'kill', 'pause'],
      timeLimitS: 5,
      runs: 12,
    });
  }, 120_000);

  it('leader reads with failover on a majority keep every session guarantee', async () => {
    await assertClaim({
      name: 'sync-leader-failover',
      options: {
        mode: 'single-leader',
        replication: 'sync',
        failoverTimeoutMs: 1000,
        readFrom: 'leader',
        rate: 50,
      },
      mustHold: KV,
      faults: ['partition', 'kill', 'pause'],
      timeLimitS: 5,
      runs: 12,
    });
  }, 120_000);
});

describe('the property harness catches a claim the store does not make', () => {
  it('async replication with reads from any replica: fails, naming the replay that repeats it', async () => {
    const failure = assertClaim({
      name: 'async-any',
      options: { mode: 'single-leader', replication: 'async', readFrom: 'any', rate: 50 },
      mustHold: ['read-your-writes'],
      faults: ['partition'],
      timeLimitS: 5,
      runs: 12,
    });
    await expect(failure).rejects.toThrow(
      /async-any: read-your-writes is false: process \d+ wrote [\s\S]*repeat: npx splitbrain run --replay \S+async-any-[0-9a-f]{12}\.json/,
    );
  }, 120_000);
});
