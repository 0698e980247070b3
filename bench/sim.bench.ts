// Simulator throughput: simulated 10-second runs (3 nodes, 100 ops/s, a mixed
// nemesis of partitions, kills and pauses), checking and run directories
// included, on worker threads (harness/matrix/pool.ts), one per core. Target
// (issue 18): 1,000 runs a minute on 2 cores.
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTasks } from '../harness/matrix/pool.ts';
import type { CellTask } from '../harness/matrix/cell-run.ts';
import { round } from './measure.ts';

const RUNS = 40;
const TARGET_RUNS_PER_MIN = 1000;

export default async function benchSim(): Promise<Record<string, number | string>> {
  const out = mkdtempSync(join(tmpdir(), 'sb-sim-bench-'));
  const tasks: CellTask[] = Array.from({ length: RUNS }, (_, i) => ({
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
  const workers = availableParallelism();
  const started = performance.now();
  const runs = await runTasks(tasks, { parallel: workers, onRun: () => {} });
  const elapsedMs = performance.now() - started;
  rmSync(out, { recursive: true, force: true });
  const failed = runs.filter((r) => r.runDir === null).length;
  return {
    runs: RUNS,
    workers,
    failed,
    elapsedMs: round(elapsedMs),
    runsPerMin: round((RUNS / elapsedMs) * 60_000),
    targetRunsPerMin: TARGET_RUNS_PER_MIN,
    met: (RUNS / elapsedMs) * 60_000 >= TARGET_RUNS_PER_MIN ? 'yes' : 'no',
  };
}
