// From the runs of every cell to matrix.json's rows: violation counts, Wilson
// intervals, the worst run per guarantee, and theory's verdict on each.
import { relative } from 'node:path';
import type { CellStatus, MatrixGuarantee, MatrixRow } from '../../reports/matrix-types.ts';
import type { CellRun } from './cell-run.ts';
import { cellId, type CellKey, type ModeGrid, type Prediction } from './grid.ts';
import { wilson } from './wilson.ts';

function statusOf(p: Prediction, runs: number, violated: number, minSeeds: number): CellStatus {
  if (runs === 0) return 'unknown';
  if (p.expect === 'must-hold') return violated > 0 ? 'disagree' : 'agree';
  return violated === 0 && runs >= minSeeds ? 'finding' : 'agree';
}

function guaranteeOf(
  g: string,
  p: Prediction,
  runs: readonly CellRun[],
  relTo: string,
  minSeeds: number,
): MatrixGuarantee {
  let answered = 0;
  let violated = 0;
  let unknown = 0;
  let worst: CellRun | null = null;
  for (const r of runs) {
    const o = r.checkers[g];
    if (o === undefined) continue;
    if (o.valid === 'unknown') unknown++;
    else answered++;
    if (o.valid !== false) continue;
    violated++;
    if (worst === null || o.anomalies > worst.checkers[g]!.anomalies) worst = r;
  }
  return {
    guarantee: g,
    expect: p.expect,
    reason: p.reason,
    runs: answered,
    violated,
    unknown,
    ci: wilson(violated, answered),
    status: statusOf(p, answered, violated, minSeeds),
    worstRun: worst?.runDir ? relative(relTo, worst.runDir) : null,
    worstSeed: worst?.seed ?? null,
  };
}

export function rowOf(
  grid: ModeGrid,
  key: CellKey,
  guarantees: readonly string[],
  runs: readonly CellRun[],
  opts: { readonly dir: string; readonly findingSeeds: number },
): MatrixRow {
  const failed = runs.filter((r) => r.runDir === null);
  return {
    id: cellId(key),
    mode: key.mode,
    setting: key.setting,
    readFrom: key.readFrom,
    nemesis: key.nemesis,
    guarantees: guarantees.map((g) =>
      guaranteeOf(g, grid.predict(g, key), runs, opts.dir, opts.findingSeeds),
    ),
    failedRuns: failed.length,
    ...(failed[0]?.error ? { failure: failed[0].error } : {}),
  };
}

/** The run directories to keep: each guarantee's worst run. */
export function keptRuns(rows: readonly MatrixRow[]): Set<string> {
  const keep = new Set<string>();
  for (const row of rows) for (const g of row.guarantees) if (g.worstRun) keep.add(g.worstRun);
  return keep;
}
