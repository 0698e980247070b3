// One seed of one matrix cell: a `splitbrain run` in this process, through the
// same lifecycle as the CLI (executeRun), summarised to what the matrix keeps.
import { join } from 'node:path';
import { anomalyCount, checkerEntries } from '../../reports/types.ts';
import type { Validity } from '../../checkers/checker.ts';
import { resolveRunConfig } from '../config.ts';
import { executeRun } from '../execute.ts';
import type { OptionValue } from '../../core/option.ts';

/** What a worker needs to run one seed of a cell: plain data, so it crosses threads. */
export interface CellTask {
  readonly cell: string;
  readonly seed: number;
  /** `splitbrain run` options by key (the cell's store flags included). */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** The folder this seed's run directory goes under. */
  readonly out: string;
}

export interface GuaranteeOutcome {
  readonly valid: Validity;
  readonly anomalies: number;
}

export interface CellRun {
  readonly cell: string;
  readonly seed: number;
  /** The run directory; null when the run itself failed. */
  readonly runDir: string | null;
  readonly exitCode: number;
  readonly checkers: Readonly<Record<string, GuaranteeOutcome>>;
  /** Why the run failed (exit 3): the cluster would not start, a bad option... */
  readonly error?: string;
}

/** The run's options for a task: the cell's, plus where it writes and its seed. */
export function runOptionsOf(task: CellTask): Record<string, OptionValue> {
  return {
    ...task.options,
    seed: task.seed,
    out: join(task.out, `s${task.seed}`),
    test: 'run',
    quiet: true,
  };
}

export async function runCell(task: CellTask): Promise<CellRun> {
  try {
    const config = resolveRunConfig(runOptionsOf(task), task.seed);
    const outcome = await executeRun(config, { log: () => {} });
    const checkers: Record<string, GuaranteeOutcome> = {};
    for (const [id, r] of checkerEntries(outcome.results))
      checkers[id] = { valid: r.valid, anomalies: anomalyCount(r).total };
    return {
      cell: task.cell,
      seed: task.seed,
      runDir: outcome.runDir,
      exitCode: outcome.exitCode,
      checkers,
    };
  } catch (err) {
    return {
      cell: task.cell,
      seed: task.seed,
      runDir: null,
      exitCode: 3,
      checkers: {},
      error: (err as Error).message,
    };
  }
}
