// How fast a partition takes effect on the local backend, with the store under
// client load: the time from the nemesis op to the cut being in place on every
// proxy (appliedMs), and the whole op (which for isolate-leader includes
// asking every node who leads). The target is 50 ms; it is measured here,
// not asserted in a test, because the machine is shared.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localBackend } from '../local/index.ts';
import type { Cluster } from '../core/cluster.ts';
import { createRng } from '../core/rng.ts';
import { nemesisFor } from '../nemesis/index.ts';
import type { NemesisContext } from '../nemesis/nemesis.ts';
import { httpStoreApi } from '../systems/store/http.ts';
import { latencyStats as stats } from './measure.ts';
import { realClock } from '../core/clock.ts';
import { store } from '../systems/store/index.ts';

const SHAPES = ['isolate', 'halves', 'one-way', 'isolate-leader'] as const;
const REPEATS = 20;
/** Bounds the background load: it stops at this many ops or when the bench ends. */
const LOAD_MAX_OPS = 50_000;

/** Writes and reads against every node until stopped, so proxies carry traffic. */
function startLoad(cluster: Cluster): { stop: () => Promise<number> } {
  let running = true;
  let ops = 0;
  const worker = async (w: number) => {
    for (let i = 0; running && ops < LOAD_MAX_OPS; i++) {
      const node = cluster.nodes[(w + i) % cluster.nodes.length]!;
      const signal = AbortSignal.timeout(500);
      if (i % 2 === 0) await httpStoreApi.write(node, { key: `k${w}`, value: i }, signal);
      else await httpStoreApi.read(node, { keys: [`k${w}`, `k${(w + 1) % 4}`] }, signal);
      ops++;
    }
  };
  const workers = [0, 1, 2, 3].map(worker);
  return {
    stop: async () => {
      running = false;
      await Promise.all(workers);
      return ops;
    },
  };
}

export default async function benchNemesis() {
  const dir = mkdtempSync(join(tmpdir(), 'splitbrain-bench-nemesis-'));
  const settings = { backend: 'local', workload: 'kv', readFrom: 'any', nodeCount: 3, options: {} };
  // The leader a run's nemesis would aim at: the store's own answer.
  const { launcher, findLeader } = store.setUp(settings, realClock());
  const cluster = await localBackend({ launcher: launcher!, clockVia: 'store' }).up({
    nodeCount: 3,
    storeArgs: ['--replication', 'async'],
    dir,
  });
  const rng = createRng(1);
  const ctx: NemesisContext = { cluster, random: () => rng.next() };
  const { nemesis } = nemesisFor(['partition'], { rng: createRng(2), findLeader });
  const load = startLoad(cluster);
  const out: Record<string, unknown> = {};
  try {
    for (const shape of SHAPES) {
      const applied: number[] = [];
      const whole: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const t0 = performance.now();
        const r = await nemesis.invoke({ f: 'start-partition', value: shape }, ctx);
        whole.push(performance.now() - t0);
        applied.push((r.value as { appliedMs: number }).appliedMs);
        await nemesis.invoke({ f: 'stop-partition', value: null }, ctx);
        await new Promise((res) => setTimeout(res, 20));
      }
      out[shape] = { appliedMs: stats(applied), wholeOpMs: stats(whole) };
    }
  } finally {
    out.loadOps = await load.stop();
    await cluster.down();
    rmSync(dir, { recursive: true, force: true });
  }
  return { repeats: REPEATS, ...out };
}
