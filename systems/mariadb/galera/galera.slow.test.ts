// Galera end to end: three real mariadbd nodes in a network namespace of
// their own, ops through the real client, verdicts from the run's checkers.
// Each anomaly is forced: a node's applier held by FLUSH TABLES WITH READ
// LOCK (the node desyncs, the others keep committing), one node's outgoing
// traffic dropped while two nodes write the same row, a node cut off from
// the other two.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../../../core/clock.ts';
import { splitGrudge, type NodeInfo } from '../../../core/cluster.ts';
import { createRng } from '../../../core/rng.ts';
import { Scenario } from '../../testing/scenario.ts';
import { have as haveServer } from '../../testing/server-cluster.ts';
import { mariaClients } from '../client.ts';
import { connect } from '../sql.ts';
import { GaleraCluster } from './cluster.ts';
import { galera } from './index.ts';
import { galeraProbes } from './probes.ts';
import { galeraState } from './status.ts';

const have = haveServer(galera);
const galeraQuiesce = (nodes: readonly NodeInfo[], timeoutMs: number) =>
  galeraProbes(realClock()).quiesce(nodes, timeoutMs);
const UP_MS = 170_000;
const QUIESCE_MS = 30_000;

const node = (c: GaleraCluster, id: string) => c.nodes.find((n) => n.id === id)!;

const open = (c: GaleraCluster, process: number, syncWait: number) =>
  mariaClients({
    readFrom: 'sticky',
    writeTo: 'sticky',
    functions: [],
    syncWait,
    rng: createRng(1),
  }).open(process, c.nodes);

/** Polls until the node reports the given component status (Galera notices a cut after ~5 s). */
async function waitComponent(c: GaleraCluster, id: string, want: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if ((await galeraState(node(c, id)))?.component === want) return;
    await sleep(250);
  }
  throw new Error(`${id} never reported ${want}`);
}

/** Polls until the node sees a cluster of `size` members (an eviction takes ~5 s). */
async function waitSize(c: GaleraCluster, id: string, size: number): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if ((await galeraState(node(c, id)))?.clusterSize === size) return;
    await sleep(250);
  }
  throw new Error(`${id} never saw a cluster of ${size}`);
}

describe.skipIf(!have.installed)(`galera (${have.detail})`, () => {
  let dir: string;
  let cluster: GaleraCluster;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'splitbrain-galera-test-'));
    cluster = await GaleraCluster.up({ nodeCount: 3, storeArgs: [], dir });
  }, UP_MS);
  afterAll(async () => {
    await cluster?.down();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a node whose applier is held serves stale reads without wsrep_sync_wait, and waits with it', async () => {
    const stale = new Scenario(3000);
    const waits = new Scenario(3000);
    const c0 = await open(cluster, 0, 0);
    const c1 = await open(cluster, 1, 1);
    const hold = await connect(node(cluster, 'n3'));
    try {
      expect((await stale.op(c0, 0, 'write', [['w', 'k0', 1]], 'n1')).type).toBe('ok');
      expect(await galeraQuiesce(cluster.nodes, QUIESCE_MS)).toBe(true);
      await hold.query('FLUSH TABLES WITH READ LOCK');
      expect((await stale.op(c0, 0, 'write', [['w', 'k0', 2]], 'n1')).type).toBe('ok');
      expect(await stale.read(c0, 0, ['k0'], 'n3')).toMatchObject({
        type: 'ok',
        value: [['r', 'k0', 1]],
      });
      expect(stale.check(['read-your-writes'])['read-your-writes']!.valid, stale.dump()).toBe(
        false,
      );

      expect((await waits.op(c1, 1, 'write', [['w', 'k1', 1]], 'n1')).type).toBe('ok');
      // The read waits for n3 to apply what the cluster committed, which it cannot yet.
      expect(await waits.read(c1, 1, ['k1'], 'n3')).toMatchObject({ type: 'fail' });
      await hold.query('UNLOCK TABLES');
      expect(await waits.read(c1, 1, ['k1'], 'n3')).toMatchObject({
        type: 'ok',
        value: [['r', 'k1', 1]],
      });
      expect(waits.check(['read-your-writes'])['read-your-writes']!.valid, waits.dump()).toBe(true);
    } finally {
      await hold.end().catch(() => hold.destroy());
      await c0.close();
      await c1.close();
    }
  });

  it('two nodes write one row concurrently: one commit wins certification, the other is a fail (deadlock), never ok', async () => {
    const s = new Scenario(10_000);
    const c2 = await open(cluster, 2, 0);
    const c3 = await open(cluster, 3, 0);
    try {
      expect((await s.op(c2, 2, 'write', [['w', 'k2', 1]], 'n2')).type).toBe('ok');
      expect(await galeraQuiesce(cluster.nodes, QUIESCE_MS)).toBe(true);
      // n2's writeset reaches nobody for a moment, so n1 writes the row without having seen it.
      await cluster.partition(
        new Map([
          ['n1', new Set(['n2'])],
          ['n3', new Set(['n2'])],
        ]),
      );
      const onN2 = s.op(c2, 2, 'write', [['w', 'k2', 2]], 'n2');
      await sleep(300);
      const onN1 = s.op(c3, 3, 'write', [['w', 'k2', 3]], 'n1');
      await sleep(700);
      await cluster.heal();
      const done = await Promise.all([onN2, onN1]);
      expect(done.map((d) => d.type).sort(), s.dump()).toEqual(['fail', 'ok']);
      const failed = done.find((d) => d.type === 'fail')!;
      expect(failed.error).toMatch(/1213 ER_LOCK_DEADLOCK/);
      const won = done.find((d) => d.type === 'ok')!;
      const wonValue = (won.value as [string, string, number][])[0]![2];
      expect(await galeraQuiesce(cluster.nodes, QUIESCE_MS)).toBe(true);
      for (const id of ['n1', 'n2', 'n3'])
        expect(await s.op(c2, 2, 'final-read', [['r', 'k2', null]], id)).toMatchObject({
          type: 'ok',
          value: [['r', 'k2', wonValue]],
        });
      console.log(`galera conflict: ${won.node} won, ${failed.node} got "${failed.error}"`);
    } finally {
      await cluster.heal();
      await c2.close();
      await c3.close();
    }
  });

  it('a node cut off from the other two refuses reads and writes (fail); after the heal it catches up', async () => {
    const s = new Scenario(5000);
    const c = await open(cluster, 4, 0);
    try {
      await cluster.partition(splitGrudge([['n1', 'n2'], ['n3']]));
      await waitComponent(cluster, 'n3', 'non-Primary');
      const w = await s.op(c, 4, 'write', [['w', 'k4', 1]], 'n3');
      expect(w).toMatchObject({ type: 'fail', node: 'n3' });
      expect(w.error).toMatch(/^1047 /);
      expect(await s.read(c, 4, ['k4'], 'n3')).toMatchObject({ type: 'fail', node: 'n3' });
      expect(await s.op(c, 4, 'write', [['w', 'k4', 2]], 'n1')).toMatchObject({ type: 'ok' });
      await cluster.heal();
      expect(await galeraQuiesce(cluster.nodes, QUIESCE_MS)).toBe(true);
      // A session read after its write, on the node that was cut off: read-your-writes judges it.
      expect(await s.read(c, 4, ['k4'], 'n3')).toMatchObject({
        type: 'ok',
        value: [['r', 'k4', 2]],
      });
      for (const id of ['n1', 'n2', 'n3']) await s.op(c, 4, 'final-read', [['r', 'k4', null]], id);
      const res = s.check(['read-your-writes', 'convergence']);
      expect(res['read-your-writes']!.valid, s.dump()).toBe(true);
      expect(res.convergence!.valid, s.dump()).toBe(true);
      console.log(`galera minority: n3 answered "${w.error}"`);
    } finally {
      await cluster.heal();
      await c.close();
    }
  });

  it('a killed node is evicted while n1 keeps committing; it rejoins by state transfer', async () => {
    const s = new Scenario(20_000);
    const c = await open(cluster, 5, 0);
    try {
      await cluster.kill('n2');
      const t0 = performance.now();
      expect(await s.op(c, 5, 'write', [['w', 'k5', 1]], 'n1')).toMatchObject({ type: 'ok' });
      const firstWriteMs = performance.now() - t0;
      await waitSize(cluster, 'n1', 2);
      expect(await s.op(c, 5, 'write', [['w', 'k5', 2]], 'n2')).toMatchObject({ type: 'fail' });
      await cluster.start('n2');
      expect(await galeraQuiesce(cluster.nodes, QUIESCE_MS)).toBe(true);
      expect(await s.op(c, 5, 'final-read', [['r', 'k5', null]], 'n2')).toMatchObject({
        type: 'ok',
        value: [['r', 'k5', 1]],
      });
      console.log(
        `galera kill: the first write after the kill took ${Math.round(firstWriteMs)} ms`,
      );
    } finally {
      await c.close();
    }
  });
});
