// The row runner shared by the store's end-to-end tables: one `splitbrain run`
// on local processes per row, then the verdicts it must show, read back from
// the run's results.json (not the terminal text), and optionally a line a node
// must have logged — proof that the fault did what the row is about.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { RUN_FILES } from '../../core/run-files.ts';
import { verdictSummary } from '../../harness/testing/verdict-summary.ts';

const BIN = new URL('../../bin/splitbrain.js', import.meta.url).pathname;

/** Every checker a row can assert, run on every row so a report shows them all. */
export const ROW_CHECKERS = [
  'read-your-writes',
  'monotonic-reads',
  'consistent-prefix',
  'lost-writes',
  'convergence',
] as const;
export type RowChecker = (typeof ROW_CHECKERS)[number];

export interface Row {
  readonly name: string;
  /** Store and read-policy flags. */
  readonly args: readonly string[];
  /** Nemesis flags; default: a random partition every 2 s. */
  readonly nemesis?: readonly string[];
  /** Client phase length; at most 8 s so the table stays quick on 2 cores. */
  readonly timeLimitS?: number;
  /** Validity each checker must report; checkers left out depend on timing and are not asserted. */
  readonly verdicts: Partial<Record<RowChecker, boolean>>;
  /** Overall verdict, when no single checker is certain to catch it. */
  readonly valid?: boolean;
  /** A line some node must have logged. */
  readonly logged?: RegExp;
}

export const PARTITIONS = ['--nemesis', 'partition', '--nemesis-interval', '2'];

/** A fixture file of store/e2e/fixtures, as a path `splitbrain run` can open. */
export function fixture(name: string): string {
  return new URL(`./fixtures/${name}`, import.meta.url).pathname;
}

/** Runs one row into dir/<test> and asserts what it must show. */
export async function runRow(dir: string, test: string, row: Row): Promise<void> {
  const res = await execa(
    process.execPath,
    [
      BIN,
      'run',
      ...['--out', dir, '--test', test, '--seed', '5'],
      ...['--time-limit', String(row.timeLimitS ?? 8), '--rate', '150'],
      ...['--checkers', ROW_CHECKERS.join(',')],
      ...(row.nemesis ?? PARTITIONS),
      ...row.args,
    ],
    { reject: false, env: { NO_COLOR: '1' }, timeout: 120_000 },
  );
  // 1 is also what an uncaught crash exits with: insist on this run's own results.
  expect([0, 1], res.stdout + res.stderr).toContain(res.exitCode);
  expect(res.stdout, res.stderr).toContain('seed 5');
  const runs = readdirSync(join(dir, test));
  expect(runs).toHaveLength(1);
  const runDir = join(dir, test, runs[0]!);
  const results = JSON.parse(readFileSync(join(runDir, RUN_FILES.results), 'utf8'));
  const summary = verdictSummary(res.stdout);
  for (const [checker, valid] of Object.entries(row.verdicts))
    expect(results[checker].valid, `${checker}\n${summary}`).toBe(valid);
  if (row.valid !== undefined) expect(results.valid, summary).toBe(row.valid);
  if (row.logged) {
    const nodesDir = join(runDir, RUN_FILES.nodes);
    const logs = readdirSync(nodesDir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => readFileSync(join(nodesDir, f), 'utf8'))
      .join('\n');
    expect(logs, summary).toMatch(row.logged);
  }
}
