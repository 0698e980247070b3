import { describe, expect, it } from 'vitest';
import { rowOf } from './aggregate.ts';
import type { CellRun } from './cell-run.ts';
import { detectionOf } from './detect.ts';
import { DEFAULT_NEMESES, cellId, type CellKey } from './grid.ts';
import { singleLeaderGrid } from './theory-single-leader.ts';

const key = (settingId: string, readFrom: string): CellKey => ({
  mode: 'single-leader',
  setting: singleLeaderGrid.settings.find((s) => s.id === settingId)!,
  readFrom,
  nemesis: DEFAULT_NEMESES[0]!,
});

function runOf(k: CellKey, seed: number, violated: readonly string[]): CellRun {
  const checkers = Object.fromEntries(
    ['read-your-writes', 'monotonic-reads', 'consistent-prefix'].map((g) => [
      g,
      { valid: !violated.includes(g), anomalies: violated.includes(g) ? seed : 0 },
    ]),
  );
  return { cell: cellId(k), seed, runDir: `/m/runs/x/s${seed}`, exitCode: 0, checkers };
}

const G = ['read-your-writes', 'monotonic-reads', 'consistent-prefix'];
const opts = { dir: '/m', findingSeeds: 3 };

describe('rowOf', () => {
  it('marks a violated must-hold guarantee as a disagreement, linking the worst run', () => {
    const k = key('sync', 'lsn-token');
    const runs = [
      runOf(k, 1, []),
      runOf(k, 2, ['read-your-writes']),
      runOf(k, 7, ['read-your-writes']),
    ];
    const ryw = rowOf(singleLeaderGrid, k, G, runs, opts).guarantees[0]!;
    expect(ryw).toMatchObject({
      status: 'disagree',
      violated: 2,
      runs: 3,
      worstSeed: 7,
      worstRun: 'runs/x/s7',
    });
    expect(ryw.ci.low).toBeGreaterThan(0);
  });
  it('reports a may-violate guarantee never violated over enough seeds as a finding', () => {
    const k = key('async', 'any');
    const few = rowOf(singleLeaderGrid, k, G, [runOf(k, 1, [])], opts).guarantees[0]!;
    expect(few.status).toBe('agree');
    const many = [1, 2, 3].map((s) => runOf(k, s, []));
    expect(rowOf(singleLeaderGrid, k, G, many, opts).guarantees[0]!.status).toBe('finding');
  });
  it('is unknown, never agree, when no run answered', () => {
    expect(rowOf(singleLeaderGrid, key('sync', 'leader'), G, [], opts).guarantees[0]!.status).toBe(
      'unknown',
    );
  });
});

describe('detectionOf', () => {
  it('counts only violations of must-hold guarantees, in the cell that catches most', () => {
    const may = key('async', 'any');
    const must = key('sync', 'any');
    const rows = [may, must].map(
      (k, i) =>
        rowOf(singleLeaderGrid, k, G, [], opts) &&
        rowOf(singleLeaderGrid, k, G, [], { ...opts, findingSeeds: i + 10 }),
    );
    const runs = [
      runOf(may, 1, ['read-your-writes']),
      runOf(may, 2, ['read-your-writes']),
      runOf(must, 1, ['read-your-writes']),
      runOf(must, 2, []),
    ];
    const d = detectionOf('ack-before-sync', 'acks early', rows, runs);
    expect(d).toMatchObject({
      bestCell: cellId(must),
      caught: 1,
      runs: 2,
      caughtBy: ['read-your-writes'],
    });
  });

  it("points at the best cell's worst run of the guarantee that caught the bug", () => {
    const must = key('sync', 'any');
    const runs = [runOf(must, 1, ['read-your-writes']), runOf(must, 2, [])];
    const row = rowOf(singleLeaderGrid, must, G, runs, opts);
    const worst = row.guarantees.find((g) => g.guarantee === 'read-your-writes')!.worstRun;
    expect(worst).not.toBeNull();
    expect(detectionOf('ack-before-sync', 'acks early', [row], runs).worstRun).toBe(worst);
  });
});
