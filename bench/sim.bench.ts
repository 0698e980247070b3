// Simulator throughput: simulated 10-second runs (3 nodes, 100 ops/s, a mixed
// nemesis of partitions, kills and pauses), checking and run directories
// included, on worker threads (harness/matrix/pool.ts), one per core. Target
// (issue 18): 1,000 runs a minute on 2 cores.
// Beside the overall rate it splits where the time goes: a worker's start-up
// (loading the modules, before its first run ends), a run once warm, and of
// that the checking (the checkers re-run here, in this thread, on a few of
// the histories the workers wrote).
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTasks } from '../harness/matrix/pool.ts';
import type { CellRun, CellTask } from '../harness/matrix/cell-run.ts';
import { checkHistoryFile } from '../harness/check.ts';
import { round, timeMs } from './measure.ts';

const RUNS = 40;
const TARGET_RUNS_PER_MIN = 1000;
/** Histories whose checking is timed again here (each checked twice: the first pass compiles). */
const CHECKED_AGAIN = 4;

function tasksUnder(out: string): CellTask[] {
  return Array.from({ length: RUNS }, (_, i) => ({
    cell: 'bench',
    seed: i + 1,
    out: join(out, 'runs'),
    options: {
      system: 'store',
      backend: 'sim',
      timeLimit: 10,
      rate: 100,
      nodes: '3',
      readFrom: 'any',
      nemesis: 'partition,kill,pause',
      nemesisInterval: 1.5,
    },
  }));
}

/** Wall ms of checking one run's history, as the run itself did (same checkers). */
function checkMs(run: CellRun): number {
  const dir = run.runDir!;
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
    checkers: string[];
  };
  return timeMs(() => checkHistoryFile(join(dir, 'history.jsonl'), config.checkers)).ms;
}

export default async function benchSim(): Promise<Record<string, number | string>> {
  const out = mkdtempSync(join(tmpdir(), 'sb-sim-bench-'));
  const workers = availableParallelism();
  const finishedMs: number[] = [];
  const started = performance.now();
  // Process-wide, so the workers' threads count: CPU is the figure that load from others distorts least.
  const cpuBefore = process.cpuUsage();
  const runs = await runTasks(tasksUnder(out), {
    parallel: workers,
    onRun: () => finishedMs.push(performance.now() - started),
  });
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const ok = runs.filter((r) => r.runDir !== null);
  const sample = ok.slice(0, CHECKED_AGAIN);
  sample.forEach(checkMs);
  const checked = sample.map(checkMs);
  rmSync(out, { recursive: true, force: true });
  // Once each worker has finished its first run, they are warm: the rest is the steady rate.
  const warmFrom = finishedMs[workers - 1]!;
  const steadyMsPerRun = ((elapsedMs - warmFrom) / (RUNS - workers)) * workers;
  return {
    runs: RUNS,
    workers,
    failed: RUNS - ok.length,
    elapsedMs: round(elapsedMs),
    runsPerMin: round((RUNS / elapsedMs) * 60_000),
    targetRunsPerMin: TARGET_RUNS_PER_MIN,
    met: (RUNS / elapsedMs) * 60_000 >= TARGET_RUNS_PER_MIN ? 'yes' : 'no',
    firstRunsDoneMs: round(warmFrom),
    steadyMsPerRunPerWorker: round(steadyMsPerRun),
    steadyRunsPerMin: round((60_000 / steadyMsPerRun) * workers),
    cpuMsPerRun: round((cpu.user + cpu.system) / 1000 / RUNS),
    checkMsPerRun: round(checked.reduce((a, b) => a + b, 0) / checked.length),
  };
}
