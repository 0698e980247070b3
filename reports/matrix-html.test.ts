import { describe, expect, it } from 'vitest';
import { renderMatrixHtml } from './matrix-html.ts';
import type { MatrixFile, MatrixGuarantee, MatrixRow } from './matrix-types.ts';

const guarantee = (g: string): MatrixGuarantee => ({
  guarantee: g,
  expect: 'must-hold',
  reason: 'leader reads are linearizable',
  runs: 2,
  violated: 0,
  unknown: 0,
  ci: { low: 0, high: 0.66 },
  status: 'agree',
  worstRun: null,
  worstSeed: null,
});

const row = (setting: string, columns: string[]): MatrixRow => ({
  id: `single-leader/${setting}/leader/x`,
  mode: 'single-leader',
  setting: { id: setting, label: setting, flags: {} },
  readFrom: 'leader',
  nemesis: { id: 'x', kinds: 'partition', intervalS: 2 },
  guarantees: columns.map(guarantee),
  failedRuns: 0,
});

const file = (rows: MatrixRow[]): MatrixFile => ({
  version: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationS: 1,
  grid: {
    backend: 'sim',
    seeds: 2,
    firstSeed: 1,
    timeLimitS: 10,
    rate: 100,
    findingSeeds: 10,
    bug: null,
  },
  guarantees: [...new Set(rows.flatMap((r) => r.guarantees.map((g) => g.guarantee)))],
  rows,
  disagreements: 0,
  findings: 0,
  failedRuns: 0,
});

describe('matrix.html', () => {
  it('gives two grids of one mode a table each, under its own columns', () => {
    const html = renderMatrixHtml(
      file([
        row('async', ['read-your-writes', 'monotonic-reads']),
        row('readers', ['linearizable-kv', 'monotonic-reads']),
      ]),
    );
    const tables = html.split('<h2>single-leader</h2>').slice(1);
    expect(tables).toHaveLength(2);
    expect(tables[0]).toContain('<th>read-your-writes</th>');
    expect(tables[0]).not.toContain('<th>linearizable-kv</th>');
    expect(tables[1]).toContain('<th>linearizable-kv</th>');
    expect(tables[1]).toContain('<td>readers</td>');
  });

  it('links the replay.json of a worst sim run with the commands that repeat and shrink it; not on other backends', () => {
    const worst = { ...guarantee('read-your-writes'), worstRun: 'runs/c1/s3/run', worstSeed: 3 };
    const rows = [{ ...row('async', []), guarantees: [worst] }];
    const sim = renderMatrixHtml(file(rows));
    expect(sim).toContain('<a href="runs/c1/s3/run/report.html">worst (seed 3)</a>');
    expect(sim).toContain('<a href="runs/c1/s3/run/replay.json"');
    expect(sim).toContain('splitbrain run --replay runs/c1/s3/run/replay.json');
    expect(sim).toContain('splitbrain shrink runs/c1/s3/run');
    const local = renderMatrixHtml({
      ...file(rows),
      grid: { ...file(rows).grid, backend: 'local' },
    });
    expect(local).toContain('worst (seed 3)');
    expect(local).not.toContain('replay.json');
  });
});
