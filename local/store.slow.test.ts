// The local backend with the real store (store/main.ts): replication stops
// across a partition and resumes on heal, a killed node keeps its data, and
// clock offsets show in GET /status through libfaketime and the store's own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitGrudge, type Cluster } from '../core/cluster.ts';
import { findFaketime } from '../kit/faketime.ts';
import { localBackend } from './index.ts';
import { getStatus, nodeOf, postWrite } from '../harness/testing/store-api.ts';
import { until } from '../harness/testing/until.ts';
import { storeLauncher } from '../systems/store/launcher.ts';

const wallMs = () => performance.timeOrigin + performance.now();

function client(c: Cluster) {
  return {
    status: (id: string) =>
      getStatus<{ lsn: number; leader: string | null; clockMs: number }>(nodeOf(c, id)),
    write: (id: string, key: string, value: number) => postWrite(nodeOf(c, id), key, value),
  };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'splitbrain-store-'));

describe('local backend with the real store', () => {
  let c: Cluster;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    c = await localBackend({ launcher: storeLauncher() }).up({
      nodeCount: 3,
      storeArgs: [],
      dir: tmp(),
    });
    api = client(c);
  });
  afterAll(async () => {
    await c?.down();
  });

  it('starts a cluster that agrees on its leader', async () => {
    for (const n of c.nodes) expect((await api.status(n.id)).leader).toBe('n1');
  });

  it('replication stops across a partition and resumes after heal', async () => {
    await c.partition(splitGrudge([['n1', 'n2'], ['n3']]));
    const w = await api.write('n1', 'p', 1);
    expect(w.ok).toBe(true);
    const lsn = w.lsn!;
    await until(async () => (await api.status('n2')).lsn >= lsn, 3000);
    await sleep(500); // several heartbeats: n3 would have it by now if bytes flowed
    expect((await api.status('n3')).lsn).toBeLessThan(lsn);
    await c.heal();
    const catchUpMs = await until(async () => (await api.status('n3')).lsn >= lsn, 5000);
    expect(catchUpMs).toBeLessThan(5000);
  });

  it('one-way: n3 deaf to n1 misses writes; n1 deaf to n3 still feeds it', async () => {
    await c.partition(new Map([['n3', new Set(['n1'])]]));
    const w1 = await api.write('n1', 'o', 1);
    await sleep(500);
    expect((await api.status('n3')).lsn).toBeLessThan(w1.lsn!);
    await c.partition(new Map([['n1', new Set(['n3'])]]));
    await until(async () => (await api.status('n3')).lsn >= w1.lsn!, 5000);
    await c.heal();
  });

  it('a killed node restarts from its own data dir', async () => {
    const w = await api.write('n1', 'k', 2);
    await until(async () => (await api.status('n2')).lsn >= w.lsn!, 3000);
    // Cut n2 off first, so after restart its log can only come from its disk.
    await c.partition(splitGrudge([['n2'], ['n1', 'n3']]));
    await c.kill('n2');
    await c.start('n2');
    expect((await api.status('n2')).lsn).toBeGreaterThanOrEqual(w.lsn!);
    await c.heal();
  });

  it('message-level loss and duplication act on whole JSON lines', async () => {
    const toN3 = [{ from: 'n1', to: 'n3' }];
    await c.setLinkFaults!(toN3, { lossRate: 1 });
    const w = await api.write('n1', 'm', 3);
    await sleep(500);
    expect((await api.status('n3')).lsn).toBeLessThan(w.lsn!);
    // Every line twice: the store must see duplicates, not garbage, and still catch up.
    await c.setLinkFaults!(toN3, { duplicateRate: 1 });
    await until(async () => (await api.status('n3')).lsn >= w.lsn!, 5000);
    await c.setLinkFaults!(toN3, null);
  });

  it('a clock offset shows in GET /status clockMs', async () => {
    const applied = await c.setClockOffset('n2', 90_000);
    expect(applied).toMatchObject({ via: findFaketime() ? 'libfaketime' : 'store clock offset' });
    const skew = (await api.status('n2')).clockMs - wallMs();
    expect(skew).toBeGreaterThan(89_000);
    expect(skew).toBeLessThan(91_000);
    await c.setClockOffset('n2', 0);
  });
});

describe('the store clock offset, without libfaketime', () => {
  it('goes through POST /clock and survives a restart and a pause', async () => {
    const c = await localBackend({ launcher: storeLauncher(), clockVia: 'store' }).up({
      nodeCount: 1,
      storeArgs: [],
      dir: tmp(),
    });
    try {
      const api = client(c);
      expect(c.capabilities().find((x) => x.kind === 'clock')!.detail).toMatch(/POST \/clock/);
      expect(await c.setClockOffset('n1', -45_000)).toMatchObject({ via: 'store clock offset' });
      const skew = async () => (await api.status('n1')).clockMs - wallMs();
      expect(Math.abs((await skew()) + 45_000)).toBeLessThan(1000);
      await c.kill('n1');
      await c.start('n1');
      expect(Math.abs((await skew()) + 45_000)).toBeLessThan(1000);
      // Set while frozen, posted on resume.
      await c.pause('n1');
      await c.setClockOffset('n1', 30_000);
      await c.resume('n1');
      expect(Math.abs((await skew()) - 30_000)).toBeLessThan(1000);
    } finally {
      await c.down();
    }
  });
});
