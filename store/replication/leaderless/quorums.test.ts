// Quorum arithmetic on the simulated world, each case forced by a fault
// rather than hoped for: w+r>n reads the latest write; w=1,r=1 reads stale
// data from a replica the write never reached; a sloppy quorum during a
// partition acknowledges a write that a strict read quorum does not see, and
// hands it back after the heal.
import { describe, expect, it } from 'vitest';
import { partitionOf, Ring } from './ring.ts';
import { ids, keyHomedOn, leaderlessCluster, seen, writeOk } from './test-util.ts';

describe('leaderless quorums', () => {
  it('w+r>n without faults: every node reads the latest acknowledged write', async () => {
    const c = leaderlessCluster(3, ['--n', '3', '--w', '2', '--r', '2']);
    for (let v = 1; v <= 5; v++) {
      await writeOk(c, `n${(v % 3) + 1}`, 'k', v);
      for (const id of c.ids) expect(await seen(c, id, 'k'), `${id} after write ${v}`).toBe(v);
    }
  });

  it('w=1, r=1: a read at a replica the write has not reached is stale', async () => {
    const c = leaderlessCluster(3, ['--n', '3', '--w', '1', '--r', '1']);
    await writeOk(c, 'n1', 'k', 1);
    await c.run(500);
    c.world.cut(['n3'], ['n1', 'n2']);
    await writeOk(c, 'n1', 'k', 2);
    expect(await seen(c, 'n1', 'k')).toBe(2);
    expect(await seen(c, 'n3', 'k')).toBe(1);
  });

  it('w=2, r=2 in the same cut: the read quorum overlaps the write quorum', async () => {
    const c = leaderlessCluster(3, ['--n', '3', '--w', '2', '--r', '2']);
    await writeOk(c, 'n1', 'k', 1);
    c.world.cut(['n3'], ['n1']);
    await writeOk(c, 'n1', 'k', 2);
    expect(await seen(c, 'n3', 'k')).toBe(2);
  });

  it('a sloppy quorum in a partition acknowledges a write a strict read misses, then hands it off', async () => {
    const key = keyHomedOn(5, 3, []);
    const c = leaderlessCluster(5, ['--n', '3', '--w', '2', '--r', '2', '--sloppy']);
    const homes = ringHomes(key);
    const away = c.ids.filter((id) => !homes.includes(id));
    const w1 = await writeOk(c, homes[0]!, key, 1);
    await c.run(500);
    c.world.partition(homes, away);
    // The client holds the version it wrote, so its second write supersedes it
    // (without it, the fallbacks' empty read would make the two siblings).
    const w = await writeOk(c, away[0]!, key, 2, { context: w1.version });
    expect(w.fields?.hinted, 'the write was taken by fallbacks, as hints').toBeDefined();
    expect(await seen(c, homes[0]!, key), 'stale although w+r>n').toBe(1);
    const hinted = () => away.map((id) => Number(c.node(id).status().pendingHints));
    expect(hinted().reduce((a, b) => a + b)).toBeGreaterThan(0);
    c.world.heal();
    await c.run(2000);
    expect(hinted()).toEqual([0, 0]);
    for (const h of homes) expect(await seen(c, h, key, { local: true }), h).toBe(2);
  });

  it('without --sloppy the same partition makes the write time out instead', async () => {
    const key = keyHomedOn(5, 3, []);
    const c = leaderlessCluster(5, [
      '--n',
      '3',
      '--w',
      '2',
      '--r',
      '2',
      '--request-timeout-ms',
      '500',
    ]);
    const homes = ringHomes(key);
    const away = c.ids.filter((id) => !homes.includes(id));
    c.world.partition(homes, away);
    const r = await c.call(away[0]!, (x) => x.write(key, 2, { context: {} }));
    expect(r).toMatchObject({ ok: false, kind: 'timeout', definite: false });
  });
});

function ringHomes(key: string): string[] {
  return [...new Ring(ids(5), 3).home(partitionOf(key))];
}
