// PostgreSQL end to end: real postgres processes (as the postgres user), a
// standby made certainly slow with recovery_min_apply_delay, verdicts from
// the session checkers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { postgresClients, promote } from './client.ts';
import { realClock } from '../../core/clock.ts';
import type { ServerCluster } from '../../local/index.ts';
import { postgresProbes } from './probes.ts';
import { postgres } from './index.ts';
import { postgresLauncher, type SyncCommit } from './launcher.ts';
import { have as haveServer, serverCluster } from '../testing/server-cluster.ts';
import { Scenario } from '../testing/scenario.ts';

const have = haveServer(postgres);
const APPLY_DELAY_MS = 500;

function suite(syncCommit: SyncCommit, body: (get: () => ServerCluster) => void) {
  describe.skipIf(!have.installed)(
    `postgres, synchronous_commit=${syncCommit} (${have.detail})`,
    () => {
      let dir: string;
      let cluster: ServerCluster;
      beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'splitbrain-pg-test-'));
        const launcher = postgresLauncher({ syncCommit, applyDelayMs: APPLY_DELAY_MS });
        cluster = await serverCluster(launcher, dir);
      });
      afterAll(async () => {
        await cluster?.down();
        rmSync(dir, { recursive: true, force: true });
      });
      body(() => cluster);
    },
  );
}

const open = (c: ServerCluster, process: number) =>
  postgresClients({ readFrom: 'replicas', rng: createRng(1) }).open(process, c.nodes);

suite('on', (get) => {
  it('a standby read right after a commit misses it: read-your-writes violated (apply lag)', async () => {
    const s = new Scenario(5000);
    const c = await open(get(), 0);
    try {
      expect((await s.write(c, 0, 'k0', 1)).type).toBe('ok');
      // The table and the first value reach the standbys before the race is set up.
      expect(await postgresProbes(realClock()).quiesce(get().nodes, 5000)).toBe(true);
      expect((await s.write(c, 0, 'k0', 2)).type).toBe('ok');
      const r = await s.read(c, 0, ['k0'], 'n2');
      expect(r).toMatchObject({ type: 'ok', value: [['r', 'k0', 1]] });
      expect(s.check(['read-your-writes'])['read-your-writes']!.valid, s.dump()).toBe(false);
    } finally {
      await c.close();
    }
  });

  it('fails over: kill the primary, promote n2, writes go to n2', async () => {
    const cluster = get();
    const s = new Scenario(5000);
    const c = await open(cluster, 1);
    try {
      expect((await s.write(c, 1, 'k1', 1)).type).toBe('ok');
      await cluster.kill('n1');
      const lost = await s.write(c, 1, 'k1', 2);
      expect(['fail', 'info']).toContain(lost.type);
      await promote(cluster.nodes[1]!);
      const c2 = await open(cluster, 2);
      const w = await s.write(c2, 2, 'k2', 1);
      expect(w).toMatchObject({ type: 'ok', node: 'n2' });
      await c2.close();
    } finally {
      await c.close();
    }
  });
});

suite('remote_apply', (get) => {
  it('standby reads see every acknowledged write: read-your-writes valid', async () => {
    const s = new Scenario(5000);
    const c = await open(get(), 0);
    try {
      for (let v = 1; v <= 4; v++) {
        expect((await s.write(c, 0, 'k0', v)).type).toBe('ok');
        for (const node of ['n2', 'n3']) {
          expect(await s.read(c, 0, ['k0'], node)).toMatchObject({ value: [['r', 'k0', v]] });
        }
      }
      expect(s.check(['read-your-writes'])['read-your-writes']!.valid, s.dump()).toBe(true);
    } finally {
      await c.close();
    }
  });
});
