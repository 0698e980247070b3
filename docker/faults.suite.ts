// Each fault observed taking effect inside real containers running the store:
// not "the API call returned" but "the node behaves as the fault says".
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitGrudge, type NodeInfo } from '../core/cluster.ts';
import { leftovers } from './cleanup.ts';
import { runIdFor, type DockerCluster } from './docker-cluster.ts';
import { dockerBackend } from './index.ts';
import { listDrops } from './netns.ts';
import { dialFromNetns, eventually, facts, sleepMs, status, write } from './test-support.ts';
import { storeLauncher } from '../systems/store/launcher.ts';

export function faultsSuite(): void {
  describe('Docker backend: faults inside containers', () => {
    let dir = '';
    let c: DockerCluster;
    const node = (id: string) => c.nodes.find((n) => n.id === id)!;
    const appliedLsn = async (id: string) => (await status(node(id))).appliedLsn;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'splitbrain-docker-faults-'));
      const backend = dockerBackend({ launcher: storeLauncher() });
      const cluster = await backend.up({
        nodeCount: 3,
        storeArgs: ['--replication', 'async', '--heartbeat-ms', '50'],
        dir,
      });
      c = cluster as DockerCluster;
    }, 120_000);

    afterAll(async () => {
      const runId = c?.runId;
      await c?.down();
      if (runId !== undefined) {
        const left = await leftovers({ runId });
        expect(left).toEqual({ containers: [], networks: [] });
      }
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
    });

    it('streams every node log into the run directory', async () => {
      for (const id of ['n1', 'n2', 'n3']) {
        expect(existsSync(c.logPath(id))).toBe(true);
        // Written through a stream: the ready line may reach the file just after start() returns.
        const logged = async () =>
          readFileSync(c.logPath(id), 'utf8').includes(`ready ${id} client=7000 peer=7001`);
        expect(await eventually(logged, 2000)).toBe(true);
      }
    });

    it.skipIf(facts.netnsBlocker !== null)(
      'partition: a cut follower stops replicating, the other keeps up, heal catches up',
      async () => {
        const lsn0 = await write(node('n1'), 'p', 0);
        expect(await eventually(async () => (await appliedLsn('n2')) >= lsn0, 5000)).toBe(true);
        const applied = await c.partition(splitGrudge([['n1', 'n3'], ['n2']]));
        console.log(`partition applied in ${applied.appliedMs?.toFixed(0)} ms via ${applied.via}`);
        const n2pid = (await c.pid('n2'))!;
        expect(await listDrops(n2pid)).toHaveLength(2);
        // n2's dial to n1's peer port gets no answer; n3's still connects.
        expect(await dialFromNetns(n2pid, node('n1').host, 7001, 1000)).toBe('timeout');
        expect(await dialFromNetns((await c.pid('n3'))!, node('n1').host, 7001, 1000)).toBe(
          'connected',
        );
        let last = 0;
        for (let v = 1; v <= 5; v++) last = await write(node('n1'), 'p', v);
        expect(await eventually(async () => (await appliedLsn('n3')) >= last, 5000)).toBe(true);
        await sleepMs(1500);
        expect(await appliedLsn('n2')).toBeLessThan(last);
        const healed = await c.heal();
        console.log(`heal applied in ${healed.appliedMs?.toFixed(0)} ms`);
        expect(await listDrops(n2pid)).toHaveLength(0);
        expect(await dialFromNetns(n2pid, node('n1').host, 7001, 1000)).toBe('connected');
        expect(await eventually(async () => (await appliedLsn('n2')) >= last, 10_000)).toBe(true);
      },
    );

    it.skipIf(facts.netnsBlocker !== null)(
      'one-way grudge: n3 dropping n1 stops n1 → n3 replication only',
      async () => {
        await c.partition(new Map([['n3', new Set(['n1'])]]));
        expect(await listDrops((await c.pid('n1'))!)).toHaveLength(0);
        let last = 0;
        for (let v = 1; v <= 3; v++) last = await write(node('n1'), 'g', v);
        expect(await eventually(async () => (await appliedLsn('n2')) >= last, 5000)).toBe(true);
        await sleepMs(1500);
        expect(await appliedLsn('n3')).toBeLessThan(last);
        await c.heal();
        expect(await eventually(async () => (await appliedLsn('n3')) >= last, 10_000)).toBe(true);
      },
    );

    it('clock: GET /status clockMs moves by the offset, and back', async () => {
      // n2's reading, less the offset, must fall between two readings of n1's
      // (unshifted) clock taken around it, whatever the load on the machine.
      const expectShift = async (offsetMs: number) => {
        const before = (await status(node('n1'))).clockMs;
        const shifted = (await status(node('n2'))).clockMs;
        const after = (await status(node('n1'))).clockMs;
        expect(shifted - offsetMs).toBeGreaterThanOrEqual(before - 100);
        expect(shifted - offsetMs).toBeLessThanOrEqual(after + 100);
      };
      await expectShift(0);
      const applied = await c.setClockOffset('n2', 3_600_000);
      console.log(`clock offset applied in ${applied.appliedMs?.toFixed(1)} ms via ${applied.via}`);
      await expectShift(3_600_000);
      await c.setClockOffset('n2', -10_000);
      await expectShift(-10_000);
      await c.setClockOffset('n2', 0);
      await expectShift(0);
    });

    it('kill: the container process is gone, start brings it back with its data', async () => {
      const last = await write(node('n1'), 'k', 1);
      expect(await eventually(async () => (await appliedLsn('n3')) >= last, 5000)).toBe(true);
      await c.kill('n3');
      expect(await c.containerState('n3')).toBe('exited');
      expect(await c.pid('n3')).toBeNull();
      await expect(status(node('n3'), 1000)).rejects.toThrow();
      await c.start('n3');
      expect(await c.containerState('n3')).toBe('running');
      // Same address, and the data dir survived: no log entry is missing.
      expect(await appliedLsn('n3')).toBeGreaterThanOrEqual(last);
    });

    it.skipIf(facts.netnsBlocker !== null)(
      'a restarted container gets the current grudge again',
      async () => {
        await c.partition(splitGrudge([['n1', 'n3'], ['n2']]));
        await c.kill('n2');
        await c.start('n2');
        expect(await listDrops((await c.pid('n2'))!)).toHaveLength(2);
        await c.heal();
      },
    );

    it('pause: the container is frozen and a request hangs; resume answers again', async () => {
      await c.pause('n2');
      expect(await c.containerState('n2')).toBe('paused');
      await expect(status(node('n2'), 1000)).rejects.toThrow(/abort|timeout/i);
      await c.resume('n2');
      expect(await c.containerState('n2')).toBe('running');
      expect((await status(node('n2'))).role).toBe('follower');
    });

    it('stop: SIGTERM ends the node gracefully; start brings it back', async () => {
      await c.stop('n3');
      expect(await c.containerState('n3')).toBe('exited');
      expect(readFileSync(c.logPath('n3'), 'utf8')).toContain('SIGTERM: shutting down');
      await c.start('n3');
      expect((await status(node('n3'))).role).toBe('follower');
    });

    it('capabilities are honest about link shaping', async () => {
      const link = c.capabilities().find((x) => x.kind === 'link')!;
      expect(link.available).toBe(facts.netemBlocker === null);
      if (link.available) return;
      console.log(`[skip] link shaping: ${link.detail}`);
      expect(link.detail).toMatch(/netem/);
      await expect(c.setLinkFaults([{ from: 'n1', to: 'n2' }], { latencyMs: 50 })).rejects.toThrow(
        /link fault is not available/,
      );
    });

    it.skipIf(facts.netemBlocker !== null)(
      'link: netem delay on n2 → n1 slows n2 dialing n1, not n3 dialing n1',
      async () => {
        const n2pid = (await c.pid('n2'))!;
        const dialMs = async (pid: number) => {
          const t0 = performance.now();
          expect(await dialFromNetns(pid, node('n1').host, 7001, 5000)).toBe('connected');
          return performance.now() - t0;
        };
        const before = await dialMs(n2pid);
        const applied = await c.setLinkFaults([{ from: 'n2', to: 'n1' }], { latencyMs: 400 });
        console.log(`link delay applied in ${applied.appliedMs?.toFixed(0)} ms`);
        expect(await dialMs(n2pid)).toBeGreaterThan(before + 300);
        expect(await dialMs((await c.pid('n3'))!)).toBeLessThan(before + 300);
        await c.setLinkFaults([{ from: 'n2', to: 'n1' }], null);
        expect(await dialMs(n2pid)).toBeLessThan(before + 300);
      },
    );

    it('a paused node is still removed by down()', async () => {
      await c.pause('n3');
      expect(await c.containerState('n3')).toBe('paused');
      // afterAll's down() and its leftovers check finish the proof.
    });
  });
}

/** An image without libfaketime: clock faults fall back to the store's own offset. */
export function storeClockSuite(): void {
  describe('Docker backend: clock faults without libfaketime', () => {
    let dir = '';
    let c: DockerCluster | null = null;
    afterAll(async () => {
      await c?.down();
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
    });

    it("shifts the store's clock through POST /clock, and again after a restart", async () => {
      dir = mkdtempSync(join(tmpdir(), 'splitbrain-docker-clock-'));
      const backend = dockerBackend({ launcher: storeLauncher(), faketime: false });
      expect(backend.capabilities!().find((x) => x.kind === 'clock')!.detail).toMatch(
        /POST \/clock/,
      );
      c = (await backend.up({ nodeCount: 1, storeArgs: [], dir })) as DockerCluster;
      const n1 = c.nodes[0]!;
      const applied = await c.setClockOffset('n1', 60_000);
      expect(applied.via).toBe('store clock offset');
      expect((await statusWithOffset(n1)).clockOffsetMs).toBe(60_000);
      await c.kill('n1');
      await c.start('n1');
      expect((await statusWithOffset(n1)).clockOffsetMs).toBe(60_000);
    });

    it('posts an offset set while the container was paused once it is resumed', async () => {
      const n1 = c!.nodes[0]!;
      await c!.pause('n1');
      await c!.setClockOffset('n1', -30_000);
      await c!.resume('n1');
      expect((await statusWithOffset(n1)).clockOffsetMs).toBe(-30_000);
    });
  });
}

async function statusWithOffset(n: NodeInfo): Promise<{ clockOffsetMs: number }> {
  return (await status(n)) as unknown as { clockOffsetMs: number };
}

/** A node that cannot start fails up() with its own words, and nothing is left. */
export function failedStartSuite(): void {
  describe('Docker backend: a cluster that will not start', () => {
    it('rejects with the node log tail and removes what it created', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'splitbrain-docker-bad-'));
      try {
        const spec = { nodeCount: 2, storeArgs: ['--replication', 'bogus'], dir };
        await expect(dockerBackend({ launcher: storeLauncher() }).up(spec)).rejects.toThrow(
          /exited before it was ready[^]*--replication/,
        );
        expect(await leftovers({ runId: runIdFor(dir) })).toEqual({ containers: [], networks: [] });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
