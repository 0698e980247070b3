// Redis with Sentinel end to end: real redis-server data nodes and sentinels.
// The loss of an acknowledged write is forced (replicas cut off from the
// primary, then the primary killed), not hoped for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitGrudge, type NodeInfo } from '../cluster.ts';
import { createRng } from '../rng.ts';
import { redisClients, redisInfo } from '../../workloads/redis-client.ts';
import { SentinelDirectory, sentinelPrimary } from '../../workloads/redis-sentinel.ts';
import { redisWorkload } from '../../workloads/redis.ts';
import { installed } from './installed.ts';
import { redisSentinelBackend } from './redis-sentinel.ts';
import { Scenario } from './scenario.ts';
import type { TargetCluster } from './target-cluster.ts';

const have = installed('redis');
/** down-after 1 s, then a vote and a promotion: a few seconds on loopback; 15 s leaves room on a busy machine. */
const FAILOVER_BOUND_MS = 15_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.skipIf(!have.installed)(`redis with sentinel (${have.detail})`, () => {
  let dir: string;
  let cluster: TargetCluster;
  const sentinels = new SentinelDirectory();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'splitbrain-sentinel-test-'));
    cluster = (await redisSentinelBackend({ sentinels: 3, directory: sentinels }).up({
      nodeCount: 3,
      storeArgs: [],
      dir,
    })) as TargetCluster;
  }, 60_000);

  afterAll(async () => {
    await cluster?.down();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (process: number) =>
    redisClients({
      readFrom: 'primary',
      rng: createRng(1),
      waitReplicas: 0,
      waitTimeoutMs: 0,
      findPrimary: (nodes) => sentinelPrimary(sentinels, nodes),
    }).open(process, cluster.nodes);

  const primary = async (): Promise<NodeInfo | Error> => sentinelPrimary(sentinels, cluster.nodes);

  it('starts three sentinels that name n1 and replicas reached through the announced ports', async () => {
    expect(sentinels.sentinels).toHaveLength(3);
    expect(await primary()).toMatchObject({ id: 'n1' });
  });

  it('kill the primary: Sentinel promotes a replica, the client follows it, and a write only n1 had is lost', async () => {
    const s = new Scenario();
    const c = await open(0);
    try {
      expect(await s.write(c, 0, 'k', 1)).toMatchObject({ type: 'ok', node: 'n1' });
      const wl = redisWorkload({
        readFrom: 'primary',
        rng: createRng(1),
        waitReplicas: 0,
        waitTimeoutMs: 0,
      });
      expect(await wl.quiesce(cluster.nodes, 5000)).toBe(true);
      // The replicas stop hearing n1; the sentinels (beside the clients) still do.
      await cluster.partition(splitGrudge([['n1'], ['n2', 'n3']]));
      expect(await s.write(c, 0, 'k', 2)).toMatchObject({ type: 'ok', node: 'n1' });
      await cluster.kill('n1');
      const killedAt = performance.now();
      await cluster.heal();
      // Nothing reaches a dead node: definite or unknown, never ok.
      expect(['fail', 'info']).toContain((await s.write(c, 0, 'k', 3)).type);
      let promoted: NodeInfo | Error = new Error('not asked yet');
      while (performance.now() - killedAt < FAILOVER_BOUND_MS) {
        promoted = await primary();
        if (!(promoted instanceof Error) && promoted.id !== 'n1') break;
        await sleep(100);
      }
      const failoverMs = performance.now() - killedAt;
      expect(promoted).toMatchObject({ id: expect.stringMatching(/^n[23]$/) });
      expect(failoverMs).toBeLessThan(FAILOVER_BOUND_MS);
      console.log(
        `sentinel failover: ${(promoted as NodeInfo).id} named primary ${failoverMs.toFixed(0)} ms after the kill`,
      );
      const next = (promoted as NodeInfo).id;
      // The session forgot n1 on the failed write and asks Sentinel again.
      expect(await s.write(c, 0, 'k4', 4)).toMatchObject({ type: 'ok', node: next });
      // k=2 was acknowledged by n1 alone; the new primary never had it.
      expect(await s.read(c, 0, ['k'])).toMatchObject({
        type: 'ok',
        value: [['r', 'k', 1]],
        node: next,
      });
      const ryw = s.check(['read-your-writes'])['read-your-writes']!;
      expect(ryw.valid, s.dump()).toBe(false);
      expect(ryw.anomalies).toHaveLength(1);
      // The other replica follows the new primary, through its announced (demultiplexed) port.
      const other = next === 'n2' ? 'n3' : 'n2';
      await expect
        .poll(async () => (await s.read(c, 0, ['k4'], other)).value, { timeout: 10_000 })
        .toEqual([['r', 'k4', 4]]);
      // Before the failover nothing went from one replica to the other: this stream is the new one.
      expect(cluster.proxy(other, next).stats.connections).toBeGreaterThan(0);
      expect(cluster.proxy(other, next).stats.backwardBytes).toBeGreaterThan(0);
    } finally {
      await c.close();
    }
  }, 60_000);

  // After the test above: n1 is down and n2 or n3 is the primary.
  it('restart the old primary: it comes back empty, then Sentinel makes it a replica of the new one', async () => {
    const next = await primary();
    if (next instanceof Error) throw next;
    expect(next.id).not.toBe('n1');
    await cluster.start('n1');
    const n1 = cluster.nodes.find((n) => n.id === 'n1')!;
    const followed = async () => {
      const info = await redisInfo(n1, 'replication');
      return info.role === 'slave' ? sentinels.nodeAt(Number(info.master_port)) : info.role;
    };
    // Sentinel waits out its failover-timeout (3 s) before it converts a returning primary.
    await expect.poll(followed, { timeout: 20_000, interval: 200 }).toBe(next.id);
    const s = new Scenario();
    const c = await open(1);
    try {
      await expect
        .poll(async () => (await s.read(c, 1, ['k4'], 'n1')).value, { timeout: 10_000 })
        .toEqual([['r', 'k4', 4]]);
    } finally {
      await c.close();
    }
    expect(cluster.proxy('n1', next.id).stats.connections).toBeGreaterThan(0);
  }, 60_000);
});
