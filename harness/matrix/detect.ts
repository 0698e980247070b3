// Detection power: the grid run again with one deliberate store bug
// (store/replication/bugs.ts). A run catches the bug when a
// guarantee theory says must hold is violated in it; per bug, the cell that
// catches it most often, with its rate and 95 % interval.
import type { DetectionRow, MatrixRow } from '../../reports/matrix-types.ts';
import type { CellRun } from './cell-run.ts';
import { wilson } from './wilson.ts';

/** Whether a run violated a guarantee its row says must hold. */
function caught(row: MatrixRow, run: CellRun): string[] {
  return row.guarantees
    .filter((g) => g.expect === 'must-hold' && run.checkers[g.guarantee]?.valid === false)
    .map((g) => g.guarantee);
}

export function detectionOf(
  bug: string,
  description: string,
  rows: readonly MatrixRow[],
  runs: readonly CellRun[],
): DetectionRow {
  let best: DetectionRow = {
    bug,
    description,
    bestCell: null,
    runs: 0,
    caught: 0,
    ci: wilson(0, 0),
    caughtBy: [],
    worstRun: null,
  };
  for (const row of rows) {
    const mine = runs.filter((r) => r.cell === row.id && r.runDir !== null);
    const hits = mine.map((r) => caught(row, r));
    const n = hits.filter((h) => h.length > 0).length;
    const rate = mine.length === 0 ? 0 : n / mine.length;
    const bestRate = best.runs === 0 ? -1 : best.caught / best.runs;
    if (mine.length === 0 || rate <= bestRate) continue;
    const caughtBy = [...new Set(hits.flat())].sort();
    best = {
      bug,
      description,
      bestCell: row.id,
      runs: mine.length,
      caught: n,
      ci: wilson(n, mine.length),
      caughtBy,
      // A run to open: the bug's cells keep their worst runs, as the grid's do.
      worstRun: row.guarantees.find((g) => g.guarantee === caughtBy[0])?.worstRun ?? null,
    };
  }
  return best;
}
