// `splitbrain matrix`: every cell of the grid (mode setting x read policy x
// nemesis) over a range of seeds, its runs on bounded worker threads, then
// matrix.json and matrix.html beside the worst run of every violated cell.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import type { OptionValue } from '../../core/option.ts';
import { renderMatrixHtml } from '../../reports/matrix-html.ts';
import type { MatrixFile, MatrixRow } from '../../reports/matrix-types.ts';
import { writeReports } from '../../reports/write.ts';
import { keptRuns, rowOf } from './aggregate.ts';
import type { CellRun, CellTask } from './cell-run.ts';
import { cellId, type CellKey, type ModeGrid, type NemesisChoice } from './grid.ts';
import { runTasks } from './pool.ts';
import { detectionOf } from './detect.ts';
import { bugDescription } from '../../systems/store/options.ts';
import { writeReplayFile } from '../shrink/replay-run.ts';

export interface MatrixSpec {
  readonly modes: readonly ModeGrid[];
  /** Setting ids to keep (empty: all). */
  readonly settings: readonly string[];
  /** Read policies to keep (empty: each mode's all). */
  readonly readPolicies: readonly string[];
  /** Fault mixes for every mode (empty: each mode's own). */
  readonly nemeses: readonly NemesisChoice[];
  readonly seeds: number;
  readonly firstSeed: number;
  readonly timeLimitS: number;
  readonly rate: number;
  readonly backend: string;
  readonly parallel: number;
  /** The matrix's own folder: matrix.json, matrix.html, runs/. */
  readonly dir: string;
  readonly findingSeeds: number;
  /** A deliberate store bug every node runs with (store/replication/bug-catalog.ts), or null. */
  readonly bug: string | null;
  readonly keepRuns: boolean;
  /** Bugs whose detection rate to measure, each over the whole grid. */
  readonly detect: readonly string[];
  /** Wall-clock ISO time the matrix started, for the record. */
  readonly startedIso: string;
}

export interface MatrixDeps {
  readonly onRun: (run: CellRun, done: number, total: number) => void;
  /** Wall-clock ms, for the duration only. */
  readonly nowMs: () => number;
}

/** Every cell of the grid, in row order. */
export function cellsOf(spec: MatrixSpec): { grid: ModeGrid; key: CellKey }[] {
  const out: { grid: ModeGrid; key: CellKey }[] = [];
  for (const grid of spec.modes)
    for (const setting of grid.settings) {
      if (spec.settings.length > 0 && !spec.settings.includes(setting.id)) continue;
      for (const readFrom of grid.readPolicies) {
        if (spec.readPolicies.length > 0 && !spec.readPolicies.includes(readFrom)) continue;
        for (const nemesis of spec.nemeses.length > 0 ? spec.nemeses : grid.nemeses)
          out.push({ grid, key: { mode: grid.mode, setting, readFrom, nemesis } });
      }
    }
  return out;
}

type Cell = { grid: ModeGrid; key: CellKey };

/**
 * Throws when --modes, --settings and --read-from select no cell together: a
 * matrix of nothing would otherwise report 0 disagreements and exit 0.
 */
export function checkGridNotEmpty(spec: MatrixSpec): void {
  if (cellsOf(spec).length > 0) return;
  const takes = spec.modes.flatMap((g) =>
    g.settings
      .filter((s) => spec.settings.length === 0 || spec.settings.includes(s.id))
      .map((s) => `${g.mode}/${s.id}: ${g.readPolicies.join(', ')}`),
  );
  throw new UsageError(
    `--modes, --settings and --read-from select no cell: ${takes.length === 0 ? 'no chosen setting belongs to a chosen mode' : `the chosen settings take --read-from ${takes.join('; ')}`}; pick from those`,
  );
}

/** The fault options of a cell: the random schedule of its kinds, or its fixed schedule file. */
function faultOptions(n: NemesisChoice): Record<string, OptionValue> {
  if (n.schedule !== undefined) return { nemesis: 'none', nemesisSchedule: n.schedule };
  return { nemesis: n.kinds, nemesisInterval: n.intervalS, ...n.flags };
}

function taskOptions(spec: MatrixSpec, { grid, key }: Cell): Record<string, OptionValue> {
  return {
    checkers: grid.guarantees.join(','),
    system: 'store',
    backend: spec.backend,
    mode: key.mode,
    ...(grid.workload !== undefined ? { workload: grid.workload } : {}),
    ...key.setting.flags,
    readFrom: key.readFrom,
    ...faultOptions(key.nemesis),
    timeLimit: Math.max(spec.timeLimitS, key.nemesis.minTimeLimitS ?? 0),
    rate: spec.rate,
    ...(spec.bug !== null ? { bug: spec.bug } : {}),
  };
}

export function tasksOf(spec: MatrixSpec, cells: readonly Cell[]): CellTask[] {
  const tasks: CellTask[] = [];
  for (const c of cells)
    for (let i = 0; i < spec.seeds; i++)
      tasks.push({
        cell: cellId(c.key),
        seed: spec.firstSeed + i,
        options: taskOptions(spec, c),
        out: join(spec.dir, 'runs', cellId(c.key)),
      });
  return tasks;
}

/**
 * Keeps each guarantee's worst run (with its report.html, and on sim the
 * replay.json every sim run directory has) and, unless asked, removes the rest.
 */
function tidyRuns(spec: MatrixSpec, rows: readonly MatrixRow[], runs: readonly CellRun[]) {
  const keep = keptRuns(rows);
  for (const r of runs) {
    if (r.runDir === null) continue;
    if (keep.has(relative(spec.dir, r.runDir))) {
      writeReports(r.runDir);
      if (spec.backend === 'sim') writeReplayFile(r.runDir);
    } else if (!spec.keepRuns) rmSync(join(r.runDir, '..', '..'), { recursive: true, force: true });
  }
}

interface Grid {
  readonly bug: string | null;
  readonly dir: string;
  readonly cells: { grid: ModeGrid; key: CellKey }[];
  readonly tasks: CellTask[];
}

/** The clean grid, then the same grid once per bug to detect, under bugs/<name>/. */
function gridsOf(spec: MatrixSpec): Grid[] {
  const cells = cellsOf(spec);
  const clean: Grid = { bug: spec.bug, dir: spec.dir, cells, tasks: tasksOf(spec, cells) };
  const bugs = spec.detect.map((bug) => {
    const dir = join(spec.dir, 'bugs', bug);
    const mine = cells.filter((c) => c.grid.bugs.includes(bug));
    const tasks = tasksOf({ ...spec, bug, dir }, mine).map((t) => ({
      ...t,
      cell: `${bug}:${t.cell}`,
    }));
    return { bug, dir, cells: mine, tasks };
  });
  return [clean, ...bugs];
}

function rowsOf(grid: Grid, runs: readonly CellRun[], spec: MatrixSpec): MatrixRow[] {
  const prefix = grid.bug !== null && grid.dir !== spec.dir ? `${grid.bug}:` : '';
  const byCell = new Map<string, CellRun[]>();
  for (const r of runs)
    if (r.cell.startsWith(prefix)) {
      const id = r.cell.slice(prefix.length);
      byCell.set(id, [...(byCell.get(id) ?? []), { ...r, cell: id }]);
    }
  return grid.cells.map(({ grid: g, key }) =>
    rowOf(g, key, g.guarantees, byCell.get(cellId(key)) ?? [], spec),
  );
}

export async function runMatrix(spec: MatrixSpec, deps: MatrixDeps): Promise<MatrixFile> {
  const started = deps.nowMs();
  mkdirSync(spec.dir, { recursive: true });
  const [clean, ...bugGrids] = gridsOf(spec);
  const tasks = [clean!, ...bugGrids].flatMap((g) => g.tasks);
  let done = 0;
  const runs = await runTasks(tasks, {
    parallel: spec.parallel,
    onRun: (r) => deps.onRun(r, ++done, tasks.length),
  });
  const rows = rowsOf(clean!, runs, spec);
  const detection = bugGrids.map((g) => {
    const bugRows = rowsOf(g, runs, spec);
    const mine = runs
      .filter((r) => r.cell.startsWith(`${g.bug}:`))
      .map((r) => ({ ...r, cell: r.cell.slice(`${g.bug}:`.length) }));
    tidyRuns(spec, bugRows, mine);
    return detectionOf(g.bug!, bugDescription(g.bug!), bugRows, mine);
  });
  tidyRuns(
    spec,
    rows,
    runs.filter((r) => !r.cell.includes(':')),
  );
  const all = rows.flatMap((r) => r.guarantees);
  const file: MatrixFile = {
    version: 1,
    startedAt: spec.startedIso,
    durationS: (deps.nowMs() - started) / 1000,
    grid: {
      backend: spec.backend,
      seeds: spec.seeds,
      firstSeed: spec.firstSeed,
      timeLimitS: spec.timeLimitS,
      rate: spec.rate,
      findingSeeds: spec.findingSeeds,
      bug: spec.bug,
    },
    guarantees: [...new Set(spec.modes.flatMap((m) => m.guarantees))],
    rows,
    disagreements: all.filter((g) => g.status === 'disagree').length,
    findings: all.filter((g) => g.status === 'finding').length,
    failedRuns: rows.reduce((n, r) => n + r.failedRuns, 0),
    ...(detection.length > 0 ? { detection } : {}),
  };
  writeFileSync(join(spec.dir, 'matrix.json'), JSON.stringify(file, null, 2) + '\n');
  writeFileSync(join(spec.dir, 'matrix.html'), renderMatrixHtml(file));
  return file;
}
