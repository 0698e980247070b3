// Redis end to end: real redis-server processes, anomalies forced through
// the link proxies, verdicts from the session checkers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitGrudge } from '../../core/cluster.ts';
import { createRng } from '../../core/rng.ts';
import { redisClients } from './client.ts';
import { realClock } from '../../core/clock.ts';
import type { ServerCluster } from '../../local/index.ts';
import { redisProbes } from './probes.ts';
import { redis } from './index.ts';
import { redisFailover, redisLauncher } from './launcher.ts';
import { Scenario } from '../testing/scenario.ts';
import { have as haveServer, serverCluster } from '../testing/server-cluster.ts';

const have = haveServer(redis);
const RYW = ['read-your-writes'];

describe.skipIf(!have.installed)(`redis target (${have.detail})`, () => {
  let dir: string;
  let cluster: ServerCluster;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'splitbrain-redis-test-'));
    cluster = await serverCluster(redisLauncher, dir);
  });

  afterAll(async () => {
    await cluster?.down();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (readFrom: string, process: number) =>
    redisClients({ readFrom, rng: createRng(1), waitReplicas: 0, waitTimeoutMs: 0 }).open(
      process,
      cluster.nodes,
    );

  it('reads from a replica cut off from the primary violate read-your-writes', async () => {
    const s = new Scenario();
    const c = await open('replicas', 0);
    try {
      expect((await s.write(c, 0, 'k0', 1)).type).toBe('ok');
      expect(await redisProbes(realClock()).quiesce(cluster.nodes, 5000)).toBe(true);
      expect((await s.read(c, 0, ['k0'], 'n2')).value).toEqual([['r', 'k0', 1]]);
      // n2 stops hearing the primary; the primary still acknowledges writes.
      await cluster.partition(splitGrudge([['n1', 'n3'], ['n2']]));
      expect((await s.write(c, 0, 'k0', 2)).type).toBe('ok');
      const stale = await s.read(c, 0, ['k0'], 'n2');
      expect(stale).toMatchObject({ type: 'ok', value: [['r', 'k0', 1]] });
      const r = s.check(RYW)['read-your-writes']!;
      expect(r.valid, s.dump()).toBe(false);
      expect(r.anomalies.length).toBeGreaterThan(0);
    } finally {
      await cluster.heal();
      await c.close();
    }
  });

  it('WAIT 2 turns the same cut into an unacknowledged (info) write, not a stale read', async () => {
    const s = new Scenario();
    const c = await redisClients({
      readFrom: 'replicas',
      rng: createRng(1),
      waitReplicas: 2,
      waitTimeoutMs: 300,
    }).open(1, cluster.nodes);
    try {
      // Both replicas acknowledge before the cut, and n2 serves that write back.
      expect((await s.write(c, 1, 'k1', 1)).type).toBe('ok');
      expect((await s.read(c, 1, ['k1'], 'n2')).value).toEqual([['r', 'k1', 1]]);
      await cluster.partition(splitGrudge([['n1', 'n3'], ['n2']]));
      const w = await s.write(c, 1, 'k1', 2);
      expect(w).toMatchObject({ type: 'info', error: 'WAIT: 1 of 2 replicas acknowledged' });
      // The same stale read as above, but of a write never acknowledged: no anomaly.
      expect(await s.read(c, 1, ['k1'], 'n2')).toMatchObject({ value: [['r', 'k1', 1]] });
      expect(s.check(RYW)['read-your-writes']!.valid, s.dump()).toBe(true);
    } finally {
      await cluster.heal();
      await c.close();
    }
  });

  it('reads from the primary keep read-your-writes and monotonic reads', async () => {
    const s = new Scenario();
    const sessions = await Promise.all([2, 3, 4].map((p) => open('primary', p)));
    try {
      for (let v = 1; v <= 20; v++) {
        await Promise.all(
          sessions.map(async (c, i) => {
            const p = i + 2;
            await s.write(c, p, `k${p}`, v);
            await s.read(c, p, [`k${p}`, `k${2 + ((i + 1) % 3)}`]);
          }),
        );
      }
      const res = s.check(['read-your-writes', 'monotonic-reads']);
      expect(res['read-your-writes']!.valid, s.dump()).toBe(true);
      expect(res['monotonic-reads']!.valid, s.dump()).toBe(true);
    } finally {
      await Promise.all(sessions.map((c) => c.close()));
    }
  });

  // Last: it leaves n2 as the primary.
  it('fails over: kill the primary, promote n2, writes follow it and n3 replicates from it', async () => {
    const s = new Scenario();
    const c = await open('primary', 5);
    try {
      expect((await s.write(c, 5, 'k5', 1)).type).toBe('ok');
      await cluster.kill('n1');
      expect(['fail', 'info']).toContain((await s.write(c, 5, 'k5', 2)).type);
      await redisFailover(cluster.context(), 'n2');
      const c2 = await open('primary', 6);
      expect(await s.write(c2, 6, 'k6', 1)).toMatchObject({ type: 'ok', node: 'n2' });
      await expect
        .poll(async () => (await s.read(c2, 6, ['k6'], 'n3')).value)
        .toEqual([['r', 'k6', 1]]);
      await c2.close();
    } finally {
      await c.close();
    }
  });
});
