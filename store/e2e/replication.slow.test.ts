// The store's guarantees end to end, through `splitbrain run` on local
// processes (DDIA 5.1–5.2): which read policy and replication mode keep which
// session guarantee under partitions and failover. Each row starts a 3-node
// cluster; partitions every 2 s cut some node off for 2 s while ~1,000 ops run.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/splitbrain.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'splitbrain-store-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Verdict = boolean | undefined;
interface Row {
  readonly name: string;
  readonly args: readonly string[];
  /** Expected validity per checker; undefined: not asserted (depends on timing). */
  readonly ryw: Verdict;
  readonly mr: Verdict;
  readonly cp?: Verdict;
  /** Overall verdict, when no single checker is certain to catch it. */
  readonly valid?: Verdict;
  /** A line some node must have logged (proof that the fault did what the row is about). */
  readonly logged?: RegExp;
}

const ROWS: readonly Row[] = [
  {
    name: 'async, read any replica ⇒ read-your-writes violated',
    args: ['--replication', 'async', '--read-from', 'any'],
    ryw: false,
    mr: undefined,
  },
  {
    name: 'async, read with an LSN token ⇒ read-your-writes and monotonic reads hold',
    args: ['--replication', 'async', '--read-from', 'lsn-token'],
    ryw: true,
    mr: true,
  },
  {
    name: 'async, sticky replica ⇒ monotonic reads hold, read-your-writes violated',
    args: ['--replication', 'async', '--read-from', 'sticky'],
    ryw: false,
    mr: true,
  },
  {
    name: 'sync, read any replica ⇒ read-your-writes holds (acknowledged = visible everywhere)',
    args: ['--replication', 'sync', '--read-from', 'any'],
    ryw: true,
    mr: undefined,
  },
  {
    name: 'async with failover, read the leader ⇒ acknowledged writes lost, read-your-writes violated',
    args: ['--replication', 'async', '--read-from', 'leader', '--failover-timeout-ms', '1000'],
    ryw: false,
    mr: undefined,
  },
  {
    name: 'sync with failover, read the leader ⇒ every guarantee holds',
    args: ['--replication', 'sync', '--read-from', 'leader', '--failover-timeout-ms', '1000'],
    ryw: true,
    mr: true,
  },
  {
    name: 'semi-sync (1 of 2) with failover, read the leader ⇒ every guarantee holds',
    args: [
      '--replication',
      'semi-sync',
      '--sync-followers',
      '1',
      '--read-from',
      'leader',
      '--failover-timeout-ms',
      '1000',
    ],
    ryw: true,
    mr: true,
  },
  {
    name: 'sharded (3 shards, no global order), read the leader ⇒ consistent prefix violated',
    args: ['--replication', 'async', '--read-from', 'leader', '--shards', '3'],
    ryw: undefined,
    mr: undefined,
    cp: false,
  },
  {
    name: 'unsafe failover (no majority, no fencing) ⇒ split brain breaks the guarantees',
    args: [
      '--replication',
      'async',
      '--read-from',
      'leader',
      '--failover-timeout-ms',
      '1000',
      '--unsafe-failover',
    ],
    ryw: undefined,
    mr: undefined,
    valid: false,
    logged: /leader in term \d+ .*unsafe failover/,
  },
];

describe.sequential('store guarantees under partitions (splitbrain run, local)', () => {
  it.each(ROWS.map((r, i) => [r.name, r, i] as const))('%s', async (_name, row, i) => {
    const res = await execa(
      process.execPath,
      [
        BIN,
        'run',
        '--out',
        dir,
        '--test',
        `row${i}`,
        '--seed',
        '5',
        '--time-limit',
        '8',
        '--rate',
        '150',
        '--nemesis',
        'partition',
        '--nemesis-interval',
        '2',
        ...row.args,
      ],
      { reject: false, env: { NO_COLOR: '1' }, timeout: 120_000 },
    );
    // 1 is also what an uncaught crash exits with: insist on this run's own results.
    expect([0, 1], res.stdout + res.stderr).toContain(res.exitCode);
    expect(res.stdout, res.stderr).toContain('seed 5');
    const runs = readdirSync(join(dir, `row${i}`));
    expect(runs).toHaveLength(1);
    const results = JSON.parse(
      readFileSync(join(dir, `row${i}`, runs[0]!, 'results.json'), 'utf8'),
    );
    const summary = res.stdout
      .split('\n')
      .filter((l) => /valid|INVALID/.test(l))
      .join('\n');
    if (row.ryw !== undefined) expect(results['read-your-writes'].valid, summary).toBe(row.ryw);
    if (row.mr !== undefined) expect(results['monotonic-reads'].valid, summary).toBe(row.mr);
    if (row.cp !== undefined) expect(results['consistent-prefix'].valid, summary).toBe(row.cp);
    if (row.valid !== undefined) expect(results.valid, summary).toBe(row.valid);
    if (row.logged) {
      const nodesDir = join(dir, `row${i}`, runs[0]!, 'nodes');
      const logs = readdirSync(nodesDir)
        .filter((f) => f.endsWith('.log'))
        .map((f) => readFileSync(join(nodesDir, f), 'utf8'))
        .join('\n');
      expect(logs).toMatch(row.logged);
    }
  });
});
