// `splitbrain matrix`: the consistency matrix (harness/matrix/): runs the grid,
// prints a summary, writes matrix.json and matrix.html. Exit 0 when every cell
// agrees with theory, 1 on a disagreement, 3 when runs failed outright.
import type { CommandModule } from './command.ts';
import { wallClockIso } from '../../core/clock.ts';
import type { MatrixFile } from '../../reports/matrix-types.ts';
import { checkGridNotEmpty, runMatrix } from '../matrix/matrix.ts';
import { MATRIX_OPTIONS, resolveMatrixSpec } from '../matrix/options.ts';
import { yargsOptions } from '../options.ts';
import { join } from 'node:path';

/** A progress bar on a terminal, a line per tenth elsewhere. */
function progress(isTTY: boolean) {
  let lastTenth = -1;
  return (done: number, total: number, failed: number) => {
    const frac = done / total;
    const tail = `${done}/${total} runs${failed > 0 ? `, ${failed} failed` : ''}`;
    if (isTTY) {
      const width = 30;
      const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
      process.stderr.write(`\r[${bar}] ${tail}${done === total ? '\n' : ''}`);
    } else if (Math.floor(frac * 10) > lastTenth) {
      lastTenth = Math.floor(frac * 10);
      process.stderr.write(`matrix: ${tail}\n`);
    }
  };
}

/** `runs` counts --detect's runs too, which the grid's cells x seeds leave out. */
function summary(file: MatrixFile, dir: string, runs: number): string {
  const lines = [
    `${file.rows.length} cells x ${file.grid.seeds} seeds, ${runs} runs in all, in ${file.durationS.toFixed(0)} s`,
    `disagreements with theory: ${file.disagreements}; may-violate cells never violated: ${file.findings}${tooFewForFindings(file)}; failed runs: ${file.failedRuns}`,
  ];
  for (const r of file.rows)
    for (const g of r.guarantees)
      if (g.status === 'disagree')
        lines.push(
          `  ✗ ${r.id} ${g.guarantee}: ${g.violated}/${g.runs} violated (theory: ${g.reason}); worst ${g.worstRun === null ? '–' : join(dir, g.worstRun)}`,
        );
  // Why runs failed belongs on the terminal, not only in matrix.json.
  for (const r of file.rows)
    if (r.failure !== undefined) lines.push(`  ! ${r.id}: a run failed: ${r.failure}`);
  for (const d of file.detection ?? [])
    lines.push(
      `  bug ${d.bug}: caught in ${d.caught}/${d.runs} runs (95 % interval ${pct(d.ci.low)}–${pct(d.ci.high)} %)${d.bestCell === null ? '' : ` in ${d.bestCell}`}${d.caughtBy.length > 0 ? ` by ${d.caughtBy.join(', ')}` : ''}${d.worstRun ? `; worst run ${join(dir, d.worstRun)}` : ''}`,
    );
  lines.push(`matrix: ${join(dir, 'matrix.html')}`);
  return lines.join('\n') + '\n';
}

/** With fewer seeds than --finding-seeds no cell can count as a finding: say so, not just 0. */
function tooFewForFindings(file: MatrixFile): string {
  const { seeds, findingSeeds } = file.grid;
  return seeds >= findingSeeds
    ? ''
    : ` (none can count with --seeds ${seeds}: a cell needs --finding-seeds ${findingSeeds} runs)`;
}

function pct(x: number): string {
  return (x * 100).toFixed(0);
}

export async function runMatrixCommand(args: Record<string, unknown>): Promise<void> {
  const spec = resolveMatrixSpec(args, wallClockIso());
  checkGridNotEmpty(spec);
  const show = progress(Boolean(process.stderr.isTTY));
  let failed = 0;
  let runs = 0;
  const file = await runMatrix(spec, {
    nowMs: () => performance.now(),
    onRun: (run, done, total) => {
      if (run.runDir === null) failed++;
      runs = total;
      show(done, total, failed);
    },
  });
  process.stdout.write(summary(file, spec.dir, runs));
  process.exitCode = file.failedRuns > 0 ? 3 : file.disagreements > 0 ? 1 : 0;
}

/** `matrix` for the CLI, loaded only when named (cli.ts). */
export const command: CommandModule = {
  builder: (c) => yargsOptions(c, MATRIX_OPTIONS),
  handler: (args) => runMatrixCommand(args),
};
