// The read policies that buy session guarantees from an asynchronously
// replicated store, end to end: `splitbrain run` on 3 local store processes
// with partitions, then the verdicts. Failover is off, so n1 leads (shard 0;
// with shards, shard i is led by the i-th node from n1) for the whole run.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { verdictSummary } from '../../harness/testing/verdict-summary.ts';
import { readsAfterWrites, type HistoryRec } from './testing/reads-after-writes.ts';

const BIN = new URL('../../bin/splitbrain.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'splitbrain-read-policy-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly results: Record<string, { valid: unknown }>;
  readonly history: readonly HistoryRec[];
  readonly summary: string;
}

async function run(test: string, args: readonly string[]): Promise<Run> {
  const res = await execa(
    process.execPath,
    [
      BIN,
      'run',
      ...['--out', dir, '--test', test, '--seed', '5', '--time-limit', '8'],
      ...['--replication', 'async', '--nemesis', 'partition'],
      ...args,
    ],
    { reject: false, env: { NO_COLOR: '1' }, timeout: 120_000 },
  );
  // 1 is also what an uncaught crash exits with: insist on this run's own results.
  expect([0, 1], res.stdout + res.stderr).toContain(res.exitCode);
  const runs = readdirSync(join(dir, test));
  expect(runs).toHaveLength(1);
  const runDir = join(dir, test, runs[0]!);
  return {
    results: JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')),
    history: readFileSync(join(runDir, 'history.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as HistoryRec),
    summary: verdictSummary(res.stdout),
  };
}

/** Partitions that really started: the nemesis's info records of start-partition. */
const partitionsStarted = (h: readonly HistoryRec[]) =>
  h.filter((op) => op.process === 'nemesis' && op.f === 'start-partition' && op.type === 'info')
    .length;

describe.sequential('read policies under partitions (splitbrain run, local processes)', () => {
  it('async, leader-window ⇒ read-your-writes holds', async () => {
    // Partitions last 1 s, so no replica lags the leader by much more than
    // that (plus a heartbeat to catch up); a 2 s window outlasts the lag, and
    // a read outside it finds the session's writes on any replica. Monotonic
    // reads are not promised: a read inside a window can see another
    // session's newer value on the leader, and a later read outside it can
    // land on a replica that has not caught up with that value yet.
    const windowMs = 2000;
    const r = await run('leader-window', [
      ...['--read-from', 'leader-window', '--leader-window-ms', String(windowMs)],
      ...['--nemesis-interval', '1', '--rate', '10'],
    ]);
    expect(partitionsStarted(r.history)).toBeGreaterThanOrEqual(3);
    expect(r.results['read-your-writes']!.valid, r.summary).toBe(true);
    // The invoke is recorded just before the policy chooses and the ack just
    // after it notes the write, microseconds apart: well inside the window
    // the read went to the leader.
    const reads = readsAfterWrites(r.history);
    const inside = reads.filter((x) => x.sinceWriteMs !== null && x.sinceWriteMs < windowMs - 100);
    expect(inside.length).toBeGreaterThan(5);
    expect(inside.filter((x) => x.node !== 'n1')).toEqual([]);
  });

  it('async, 3 shards, lsn-token ⇒ read-your-writes and monotonic reads hold', async () => {
    // Each shard has its own leader and LSN sequence; the session's token is
    // per shard and every read waits on the shards it touches, so no replica
    // answers before it has what this session wrote or saw in those shards.
    const r = await run('lsn-token-shards', [
      ...['--read-from', 'lsn-token', '--shards', '3'],
      ...['--nemesis-interval', '2', '--rate', '150'],
    ]);
    expect(partitionsStarted(r.history)).toBeGreaterThanOrEqual(1);
    expect(r.results['read-your-writes']!.valid, r.summary).toBe(true);
    expect(r.results['monotonic-reads']!.valid, r.summary).toBe(true);
    const reads = r.history.filter((op) => op.f === 'read' && op.type === 'ok');
    expect(new Set(reads.map((op) => op.node))).toEqual(new Set(['n1', 'n2', 'n3']));
  });
});
