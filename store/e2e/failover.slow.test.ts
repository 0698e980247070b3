// Killing the leader, end to end (DDIA 5.2 "Handling node outages"): with sync
// replication every acknowledged write is on the follower that wins the
// election; with async the old leader's unreplicated writes are discarded when
// it comes back fenced — lost although acknowledged. Both through
// `splitbrain run` on 3 local processes, judged by the lost-writes checker on
// final reads from every node.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { fixture, runRow, type Row } from './rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'splitbrain-store-failover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS: readonly Row[] = [
  {
    name: 'sync, kill the leader ⇒ no acknowledged write lost after failover, replicas converge',
    args: ['--replication', 'sync', '--read-from', 'leader', '--failover-timeout-ms', '1000'],
    nemesis: [
      ...['--nemesis', 'kill', '--nemesis-interval', '2'],
      ...['--kill-targets', 'leader', '--kill-restart-after-ms', '1000'],
    ],
    verdicts: { 'lost-writes': true, convergence: true, 'read-your-writes': true },
    logged: /leader in term \d+ at lsn \d+ \(won election/,
  },
  {
    // The schedule isolates the leader as soon as the run starts, so every
    // write it acknowledges stays on it alone, and kills it at 5 s; the final
    // heal restarts it. The failover timeout (7 s) outlasts the 6 s client
    // phase, so the new leader is elected only after the last client op (no
    // later write to a key can hide the loss), and before the restarted old
    // leader's own timeout could make it campaign with its longer log. The
    // new leader fences it, and it discards its writes.
    name: 'async, isolate then kill the leader ⇒ acknowledged writes lost, detected',
    args: ['--replication', 'async', '--read-from', 'leader', '--failover-timeout-ms', '7000'],
    // The file chooses the faults: a --nemesis beside it is refused.
    nemesis: ['--nemesis-schedule', fixture('isolate-then-kill-leader.json')],
    timeLimitS: 6,
    verdicts: { 'lost-writes': false, convergence: true },
    logged: /discarded \d+ unreplicated entries/,
  },
];

describe.sequential('store failover (splitbrain run, local)', () => {
  it.each(ROWS.map((r, i) => [r.name, r, i] as const))('%s', async (_name, row, i) => {
    await runRow(dir, `failover${i}`, row);
  });
});
