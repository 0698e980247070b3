// The leaderless mode end to end through `splitbrain run` on local processes
// (DDIA 5.4): quorum settings against a node cut off every 2 s, each row's
// verdicts read from results.json. These rows are the README's quorum table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { runRow, type Row } from './rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'splitbrain-leaderless-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const isolate = [
  '--nemesis',
  'partition',
  '--nemesis-interval',
  '2',
  '--partition-kinds',
  'isolate',
];
const halves = ['--nemesis', 'partition', '--nemesis-interval', '2', '--partition-kinds', 'halves'];
const LL = ['--mode', 'leaderless', '--read-from', 'any'];

const ROWS: readonly Row[] = [
  {
    name: 'n=3 w=2 r=2, a node cut off ⇒ every session guarantee holds, replicas converge',
    args: [...LL, '--w', '2', '--r', '2'],
    nemesis: isolate,
    verdicts: {
      'read-your-writes': true,
      'monotonic-reads': true,
      convergence: true,
      'lost-writes': true,
    },
  },
  {
    name: 'n=3 w=1 r=1, a node cut off ⇒ stale reads: read-your-writes violated',
    args: [...LL, '--w', '1', '--r', '1'],
    nemesis: isolate,
    verdicts: { 'read-your-writes': false, convergence: true },
  },
  {
    name: '5 nodes n=3 w=2 r=2 --sloppy, halves ⇒ hinted writes a strict read misses: read-your-writes violated',
    args: [...LL, '--nodes', '5', '--n', '3', '--w', '2', '--r', '2', '--sloppy'],
    nemesis: halves,
    verdicts: { 'read-your-writes': false, convergence: true },
  },
];

describe('leaderless end to end (local processes)', () => {
  for (const [i, row] of ROWS.entries())
    it(row.name, async () => runRow(dir, `leaderless-${i}`, row), 180_000);
});
