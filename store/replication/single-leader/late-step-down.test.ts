// A deposed leader that steps down late: its monotonic clock runs at a tenth
// of real time (SimWorld.setClockRate, the slow-clock fault) while it is cut
// off, so the others elect a new leader and commit writes while it still
// believes it leads. The read index and the term are what keep that safe;
// each deliberate bug that removes one is shown breaking it, on the same
// schedule where the correct store holds.
import { describe, expect, it } from 'vitest';
import type { BugName } from './bugs.ts';
import type { NodeConfig } from './config.ts';
import { simCluster, type ReadQuery, type ReadResult, type SimCluster } from './test-util.ts';

const IDS = ['n1', 'n2', 'n3'];
const CFG: Partial<NodeConfig> = {
  replication: 'semi-sync',
  failoverTimeoutMs: 500,
  heartbeatMs: 50,
  writeTimeoutMs: 1000,
};

async function readOn(c: SimCluster, id: string, q: ReadQuery): Promise<ReadResult> {
  let out: ReadResult | undefined;
  void c
    .node(id)
    .read(q)
    .then((r) => (out = r));
  await c.settle();
  await c.until(() => out !== undefined);
  return out!;
}

/** n1 leads with k=1; then its clock slows and it is cut off until n2 or n3 commits k=2. */
async function deposedButUnaware(bug: BugName | null): Promise<{ c: SimCluster; next: string }> {
  const c = simCluster(IDS, { ...CFG, bug });
  await c.write('n1', 'k', 1);
  await c.run(100);
  c.world.setClockRate('n1', 0.1);
  c.world.partition(['n1'], ['n2', 'n3']);
  await c.until(() => ['n2', 'n3'].some((id) => c.node(id).status().role === 'leader'));
  const next = ['n2', 'n3'].find((id) => c.node(id).status().role === 'leader')!;
  expect(await c.write(next, 'k', 2)).toMatchObject({ ok: true });
  // The window: a new leader has committed, and n1 still believes it leads.
  expect(c.node('n1').status().role).toBe('leader');
  return { c, next };
}

describe('a deposed leader whose clock runs slow', () => {
  it('correct store: it cannot confirm a leader read, and its old term cannot overwrite the new leader', async () => {
    const { c, next } = await deposedButUnaware(null);
    expect(await readOn(c, 'n1', { keys: ['k'], leader: true, waitMs: 200 })).toMatchObject({
      error: 'unconfirmed',
    });
    c.startWrite('n1', 'k', 'stale');
    // n1 now hears nothing from its peers, but they hear it: its appends arrive in term 1.
    c.world.heal();
    c.world.cut(['n2', 'n3'], ['n1'], true);
    await c.run(1500);
    for (const id of ['n2', 'n3'])
      expect(await readOn(c, id, { keys: ['k'] }), id).toMatchObject({ values: { k: 2 } });
    expect(c.node(next).status().role).toBe('leader');
  });

  it('leader-reads-unconfirmed: it answers a leader read with data the new leader has overwritten', async () => {
    const { c } = await deposedButUnaware('leader-reads-unconfirmed');
    expect(await readOn(c, 'n1', { keys: ['k'], leader: true, waitMs: 200 })).toMatchObject({
      ok: true,
      values: { k: 1 },
    });
  });

  it("failover-without-fencing: the followers take its old term's entries over the committed write", async () => {
    const { c } = await deposedButUnaware('failover-without-fencing');
    c.startWrite('n1', 'k', 'stale');
    c.world.heal();
    c.world.cut(['n2', 'n3'], ['n1'], true);
    await c.run(1500);
    const seen = await Promise.all(['n2', 'n3'].map((id) => readOn(c, id, { keys: ['k'] })));
    // The acknowledged k=2 is gone from at least one replica.
    expect(seen.some((r) => 'values' in r && r.values.k !== 2)).toBe(true);
  });
});
