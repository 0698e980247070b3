// Pause on the simulation backend: a paused node runs nothing it owns — no
// timers, no deliveries, no client answers — until resume, which replays
// what it missed in order; as SIGSTOP does to a process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simBackend, simWorld, type SimCluster } from './cluster.ts';

const dir = mkdtempSync(join(tmpdir(), 'splitbrain-sim-pause-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pause on the simulation backend', () => {
  it('stops a follower applying and answering; resume catches it up', async () => {
    const world = simWorld(7, () => null);
    const cluster = (await simBackend(world, 7, () => {}).up({
      nodeCount: 3,
      storeArgs: ['--replication', 'async'],
      dir,
    })) as SimCluster;
    // The default mode, single-leader, reports what a node has applied.
    const lsn = (id: string): number => Number(cluster.node(id)!.status().appliedLsn);
    await world.until(() => cluster.node('n1')!.status().role === 'leader');

    void cluster.node('n1')!.write('k', 1);
    await world.until(() => lsn('n3') >= 1);
    await cluster.pause('n3');
    let answered = false;
    void cluster.running('n3').then(() => (answered = true));
    void cluster.node('n1')!.write('k', 2);
    await world.until(() => lsn('n2') >= 2);
    world.advance(1000);
    await Promise.resolve();
    expect(lsn('n3')).toBe(1);
    expect(answered).toBe(false);

    await cluster.resume('n3');
    await Promise.resolve();
    expect(answered).toBe(true);
    await world.until(() => lsn('n3') >= 2);
    expect(lsn('n3')).toBe(lsn('n1'));
    await cluster.down();
  });

  it('a killed paused node is no longer paused when it starts again', async () => {
    const world = simWorld(8, () => null);
    const cluster = (await simBackend(world, 8, () => {}).up({
      nodeCount: 3,
      storeArgs: [],
      dir,
    })) as SimCluster;
    await cluster.pause('n2');
    expect(cluster.isPaused('n2')).toBe(true);
    await cluster.kill('n2');
    await cluster.start('n2');
    expect(cluster.isPaused('n2')).toBe(false);
    await cluster.down();
  });
});
