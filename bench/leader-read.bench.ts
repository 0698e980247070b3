// What a leader read costs over reading the leader's own state: with failover
// on, a leader read waits for a majority to answer a heartbeat sent after it
// arrived (read index), one round trip through the link proxies. Both kinds
// go to the same leader of a real 3-node cluster, interleaved, so the machine's
// noise falls on both alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localBackend } from '../local/index.ts';
import { findLeader } from '../systems/store/client.ts';
import { httpStoreApi } from '../systems/store/http.ts';
import { latencyStats, round } from './measure.ts';
import { storeLauncher } from '../systems/store/launcher.ts';

const READS = 1000;

export default async function benchLeaderRead() {
  const dir = mkdtempSync(join(tmpdir(), 'splitbrain-bench-leader-read-'));
  const cluster = await localBackend({ launcher: storeLauncher(), clockVia: 'store' }).up({
    nodeCount: 3,
    storeArgs: ['--replication', 'async', '--failover-timeout-ms', '1000'],
    dir,
  });
  try {
    const deadlineMs = performance.now() + 10_000;
    let leader = await findLeader(httpStoreApi, cluster.nodes);
    while (leader === null && performance.now() < deadlineMs) {
      await new Promise((r) => setTimeout(r, 100));
      leader = await findLeader(httpStoreApi, cluster.nodes);
    }
    if (leader === null) throw new Error('no leader elected within 10 s');
    await httpStoreApi.write(leader, { key: 'k', value: 1 }, AbortSignal.timeout(2000));
    const local: number[] = [];
    const confirmed: number[] = [];
    let refused = 0;
    for (let i = 0; i < READS; i++) {
      for (const [asLeader, into] of [
        [false, local],
        [true, confirmed],
      ] as const) {
        const t0 = performance.now();
        const out = await httpStoreApi.read(
          leader,
          { keys: ['k'], ...(asLeader ? { leader: true } : {}) },
          AbortSignal.timeout(2000),
        );
        into.push(performance.now() - t0);
        if (out.kind !== 'reply' || !out.body.ok) refused++;
      }
    }
    const l = latencyStats(local);
    const c = latencyStats(confirmed);
    return {
      reads: READS,
      refused,
      localReadMs: l,
      leaderReadMs: c,
      p50Ratio: round(c.p50 / l.p50, 2),
    };
  } finally {
    await cluster.down();
    rmSync(dir, { recursive: true, force: true });
  }
}
