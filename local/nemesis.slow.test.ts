// Every fault through the composed nemesis on the real local backend (with
// the stand-in store, which answers GET /status like the store, so the
// store's own leader finder works): applied, visible, undone.
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localBackend } from './index.ts';
import type { LocalCluster } from './local-cluster.ts';
import { procState } from '../kit/signals.ts';
import { realClock } from '../core/clock.ts';
import { createRng } from '../core/rng.ts';
import { getStatus, nodeOf } from '../harness/testing/store-api.ts';
import { checkCapabilities, nemesisFor } from '../nemesis/index.ts';
import type { NemesisContext, NemesisResult } from '../nemesis/nemesis.ts';
import { store } from '../systems/store/index.ts';
import { storeLauncher } from '../systems/store/launcher.ts';

const entry = join(import.meta.dirname, 'fixtures', 'stand-in-store.ts');
const settings = { backend: 'local', workload: 'kv', readFrom: 'any', nodeCount: 3, options: {} };
const wallMs = () => performance.timeOrigin + performance.now();

const status = (c: LocalCluster, id: string, timeoutMs = 1000) =>
  getStatus<{ clockMs: number; peerBytesIn: number; boots: number }>(nodeOf(c, id), timeoutMs);

/** Round trip of one line through the proxy from→to, or null if nothing came back. */
function echo(c: LocalCluster, from: string, to: string, waitMs = 300): Promise<number | null> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const sock = connect(c.proxy(from, to).port, '127.0.0.1', () => sock.write('ping\n'));
    const done = (v: number | null) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(null), waitMs);
    sock.on('data', () => done(performance.now() - t0));
    sock.on('error', () => done(null));
  });
}

describe('nemesis on the local backend', () => {
  let c: LocalCluster;
  let ctx: NemesisContext;
  const bundle = nemesisFor(['partition', 'kill', 'pause', 'clock', 'link'], {
    rng: createRng(3),
    sleepMs: (ms) => sleep(ms),
    findLeader: store.setUp(settings, realClock()).findLeader,
  });
  const n = bundle.nemesis;
  const invoke = (f: string, value: unknown = null): Promise<NemesisResult> =>
    n.invoke({ f, value }, ctx);

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitbrain-nemesis-'));
    c = (await localBackend({ launcher: storeLauncher(entry) }).up({
      nodeCount: 3,
      storeArgs: [],
      dir,
    })) as LocalCluster;
    const rng = createRng(11);
    ctx = { cluster: c, random: () => rng.next() };
  });
  afterAll(async () => {
    await c?.down();
  });

  it('the backend delivers every fault it needs', () => {
    expect(checkCapabilities(c, bundle.needs)).toBe(true);
  });

  it('isolate: the node hears nobody and nobody hears it; stop heals', async () => {
    const r = await invoke('start-partition', { isolate: 'n2' });
    expect(r.nodes).toEqual(['n1', 'n2', 'n3']);
    const v = r.value as { grudge: Record<string, string[]>; appliedMs: number };
    expect(v.grudge).toEqual({ n1: ['n2'], n2: ['n1', 'n3'], n3: ['n2'] });
    expect(v.appliedMs).toBeGreaterThanOrEqual(0); // the 50 ms target: bench/nemesis.bench.ts
    expect(await echo(c, 'n1', 'n2')).toBeNull();
    expect(await echo(c, 'n2', 'n3')).toBeNull();
    expect(await echo(c, 'n1', 'n3')).not.toBeNull();
    await invoke('stop-partition');
    expect(await echo(c, 'n1', 'n2')).not.toBeNull();
  });

  it('isolate-leader asks the store who leads', async () => {
    const t0 = performance.now();
    const r = await invoke('start-partition', 'isolate-leader');
    console.log(
      `isolate-leader: whole op ${(performance.now() - t0).toFixed(1)} ms (GET /status of every node, then the cut), cut applied in ${(r.value as { appliedMs: number }).appliedMs} ms`,
    );
    expect(r.value).toMatchObject({ kind: 'isolate-leader', leader: 'n1' });
    expect(await echo(c, 'n2', 'n1')).toBeNull();
    await invoke('stop-partition');
  });

  it('one-way: the deaf side drops the other side, not the reverse', async () => {
    const r = await invoke('start-partition', 'one-way');
    const { deaf, heard } = r.value as { deaf: string[]; heard: string[] };
    const [d, h] = [deaf[0]!, heard[0]!];
    const before = (await status(c, d)).peerBytesIn;
    expect(await echo(c, h, d)).toBeNull(); // h's bytes to d are dropped
    expect((await status(c, d)).peerBytesIn).toBe(before);
    const hBefore = (await status(c, h)).peerBytesIn;
    await echo(c, d, h); // d's bytes reach h (h's echo back is dropped)
    expect((await status(c, h)).peerBytesIn).toBe(hBefore + 5);
    await invoke('stop-partition');
  });

  it('kill the leader, then start it with its data', async () => {
    const pid = c.pid('n1')!;
    const t0 = performance.now();
    const r = await invoke('kill', 'leader');
    const killMs = performance.now() - t0;
    expect(r.value).toEqual({ killed: ['n1'] });
    expect(procState(pid)).toBeNull();
    const t1 = performance.now();
    await invoke('start', 'all');
    console.log(
      `kill leader: ${killMs.toFixed(1)} ms to a gone process; start: ${(performance.now() - t1).toFixed(0)} ms to ready`,
    );
    expect((await status(c, 'n1')).boots).toBe(2);
  });

  it('kill and restart after a delay in one op', async () => {
    const r = await invoke('kill', { target: 'n3', restartAfterMs: 200 });
    expect(r.value).toEqual({ killed: ['n3'], restarted: ['n3'], restartAfterMs: 200 });
    expect((await status(c, 'n3')).boots).toBe(2);
  });

  it('pause freezes (state T) and resume thaws', async () => {
    const r = await invoke('pause', 'n2');
    const pid = c.pid('n2')!;
    expect(r.value).toEqual({ paused: ['n2'] });
    expect(procState(pid)).toBe('T');
    await invoke('resume', 'all');
    await sleep(20);
    expect(procState(pid)).not.toBe('T');
  });

  it('bump-clock shifts the wall clock the node reports; reset-clock undoes it', async () => {
    const r = await invoke('bump-clock', { target: 'n3', deltaMs: -20_000 });
    expect(r.value).toMatchObject({ offsetsMs: { n3: -20_000 }, deltaMs: -20_000 });
    expect(['libfaketime', 'store clock offset']).toContain((r.value as { via: string }).via);
    const skew = (await status(c, 'n3')).clockMs - wallMs();
    expect(skew).toBeGreaterThan(-21_000);
    expect(skew).toBeLessThan(-19_000);
    await invoke('reset-clock', 'all');
    expect(Math.abs((await status(c, 'n3')).clockMs - wallMs())).toBeLessThan(1000);
  });

  it('strobe-clock flips between two offsets and ends at the first', async () => {
    const r = await invoke('strobe-clock', {
      target: 'n2',
      deltaMs: 10_000,
      periodMs: 50,
      durationMs: 200,
    });
    expect(r.value).toMatchObject({ strobe: { flips: 4 }, offsetsMs: { n2: 0 } });
    expect(Math.abs((await status(c, 'n2')).clockMs - wallMs())).toBeLessThan(1000);
  });

  it('start-link adds latency on links of a node; stop-link clears it', async () => {
    const r = await invoke('start-link', { target: 'n3', faults: { latencyMs: 100 } });
    expect(r.nodes).toEqual(['n1', 'n2', 'n3']);
    // 100 ms each way: the ping to n3 and its echo back.
    expect((await echo(c, 'n1', 'n3', 2000))!).toBeGreaterThanOrEqual(195);
    await invoke('stop-link');
    expect((await echo(c, 'n1', 'n3'))!).toBeLessThan(195);
  });

  it('healAll undoes everything at once', async () => {
    await invoke('start-partition', 'halves');
    await invoke('pause', 'n1');
    await invoke('kill', 'n2');
    await invoke('bump-clock', { target: 'n3', deltaMs: 50_000 });
    await invoke('start-link', { target: 'all', faults: { latencyMs: 300 } });
    const r = await n.healAll(ctx);
    expect(r.error).toBeUndefined();
    expect(procState(c.pid('n1')!)).not.toBe('T');
    for (const id of ['n1', 'n2', 'n3']) {
      expect(Math.abs((await status(c, id)).clockMs - wallMs())).toBeLessThan(1000);
    }
    expect((await echo(c, 'n1', 'n2'))!).toBeLessThan(100);
    expect((await echo(c, 'n3', 'n1'))!).toBeLessThan(100);
  });
});
