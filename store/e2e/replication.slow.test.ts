// The store's guarantees end to end, through `splitbrain run` on local
// processes (DDIA 5.1–5.2): which read policy and replication mode keep which
// session guarantee under partitions, kills and failover. Each row starts a
// 3-node cluster; by default partitions every 2 s cut some node off for 2 s
// while ~1,000 ops run. Rows whose anomaly must not depend on timing force it
// with a delayed replica (--apply-delay-ms). Kill-the-leader rows: failover.slow.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { runRow, type Row } from './rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'splitbrain-store-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NO_FAULTS = ['--nemesis', 'none'];
// Rows that must find an anomaly cut a node off every time, so that does not
// hang on which random shape the schedule draws.
const ISOLATE = [
  '--nemesis',
  'partition',
  '--nemesis-interval',
  '2',
  '--partition-kinds',
  'isolate',
];
const ISOLATE_LEADER = [
  '--nemesis',
  'partition',
  '--nemesis-interval',
  '2',
  '--partition-kinds',
  'isolate-leader',
];

const ROWS: readonly Row[] = [
  {
    name: 'async, read any replica ⇒ read-your-writes violated',
    args: ['--replication', 'async', '--read-from', 'any'],
    nemesis: ISOLATE,
    verdicts: { 'read-your-writes': false },
  },
  {
    // n3 applies everything 800 ms late, n2 at once: a session reading n2 then
    // n3 goes back in time without any fault.
    name: 'async, read any, followers at different lag (n3 800 ms behind) ⇒ monotonic reads violated',
    args: ['--replication', 'async', '--read-from', 'any', '--apply-delay-ms', 'n3=800'],
    nemesis: NO_FAULTS,
    timeLimitS: 5,
    verdicts: { 'monotonic-reads': false, 'read-your-writes': false },
  },
  {
    name: 'async, read with an LSN token, partitions and kills ⇒ read-your-writes and monotonic reads hold',
    args: ['--replication', 'async', '--read-from', 'lsn-token'],
    // Four fault slots in 8 s, so both kinds start even on a loaded machine (run-health checks they did).
    nemesis: ['--nemesis', 'partition,kill', '--nemesis-interval', '1'],
    verdicts: { 'read-your-writes': true, 'monotonic-reads': true },
  },
  {
    name: 'async, sticky replica ⇒ monotonic reads hold, read-your-writes violated',
    args: ['--replication', 'async', '--read-from', 'sticky'],
    nemesis: ISOLATE,
    verdicts: { 'read-your-writes': false, 'monotonic-reads': true },
  },
  {
    name: 'sync, read any replica ⇒ read-your-writes holds (acknowledged = visible everywhere)',
    args: ['--replication', 'sync', '--read-from', 'any'],
    verdicts: { 'read-your-writes': true },
  },
  {
    name: 'async with failover, read the leader ⇒ acknowledged writes lost, read-your-writes violated',
    args: ['--replication', 'async', '--read-from', 'leader', '--failover-timeout-ms', '1000'],
    // The leader is cut off for 2 s, past the 1 s failover timeout, every time:
    // its writes meanwhile are acknowledged and then discarded.
    nemesis: ISOLATE_LEADER,
    verdicts: { 'read-your-writes': false },
  },
  {
    name: 'sync with failover, read the leader ⇒ every guarantee holds',
    args: ['--replication', 'sync', '--read-from', 'leader', '--failover-timeout-ms', '1000'],
    // Every failover is forced: the new leader holds writes the old one
    // committed but it has not yet applied, and a leader read must wait for
    // its term's first commit (and a majority) rather than answer older data.
    nemesis: ISOLATE_LEADER,
    verdicts: { 'read-your-writes': true, 'monotonic-reads': true },
  },
  {
    name: 'semi-sync (1 of 2) with failover, read the leader ⇒ every guarantee holds',
    args: [
      ...['--replication', 'semi-sync', '--sync-followers', '1'],
      ...['--read-from', 'leader', '--failover-timeout-ms', '1000'],
    ],
    nemesis: ISOLATE_LEADER,
    verdicts: { 'read-your-writes': true, 'monotonic-reads': true },
  },
  {
    // A multi-key read is served shard by shard by the node it reaches; n3
    // holds every shard it follows 800 ms back, but leads one shard itself and
    // shows that one current: an answer without its question, no fault needed.
    name: 'sharded (3 shards), read any, one delayed replica ⇒ consistent prefix violated',
    args: [
      ...['--replication', 'async', '--read-from', 'any', '--shards', '3'],
      ...['--apply-delay-ms', 'n3=800'],
    ],
    nemesis: NO_FAULTS,
    timeLimitS: 5,
    verdicts: { 'consistent-prefix': false },
  },
  {
    name: 'unsafe failover (no majority, no fencing) ⇒ split brain breaks the guarantees',
    args: [
      ...['--replication', 'async', '--read-from', 'leader'],
      ...['--failover-timeout-ms', '1000', '--unsafe-failover'],
    ],
    nemesis: ISOLATE_LEADER,
    verdicts: {},
    valid: false,
    logged: /leader in term \d+ .*unsafe failover/,
  },
];

describe.sequential('store guarantees (splitbrain run, local)', () => {
  it.each(ROWS.map((r, i) => [r.name, r, i] as const))('%s', async (_name, row, i) => {
    await runRow(dir, `row${i}`, row);
  });
});
