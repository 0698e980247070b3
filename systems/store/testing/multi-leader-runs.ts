// One `splitbrain run --mode multi-leader` of the set workload, in process
// (executeRun, as the CLI runs it), with a fault schedule from fixtures/ that
// forces the condition a test is about; the results and history come back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveRunConfig } from '../../../harness/config.ts';
import { executeRun } from '../../../harness/execute.ts';
import type { Op } from '../../../core/history.ts';
import type { CheckResult } from '../../../checkers/checker.ts';
import type { ResultsFile } from '../../../reports/types.ts';

export function scheduleFixture(name: string): string {
  return new URL(`../fixtures/${name}.json`, import.meta.url).pathname;
}

export interface MlRun {
  readonly results: ResultsFile;
  readonly history: readonly Op[];
}

/** One checker's result from a run. */
export function checkerResult(run: MlRun, id: string): CheckResult {
  const r = run.results[id];
  if (typeof r !== 'object' || r === null)
    throw new Error(`no ${id} result in ${JSON.stringify(run.results).slice(0, 200)}`);
  return r;
}

/** The set workload on 3 nodes under a schedule, 6 s of load, 6 sessions (two per home node). */
export async function setRun(
  out: string,
  test: string,
  opts: { backend: string; conflicts: string; schedule: string; extra?: Record<string, unknown> },
): Promise<MlRun> {
  const config = resolveRunConfig(
    {
      backend: opts.backend,
      out,
      test,
      seed: 5,
      timeLimit: 6,
      rate: 50,
      concurrency: 6,
      workload: 'set',
      mode: 'multi-leader',
      conflicts: opts.conflicts,
      nemesisSchedule: scheduleFixture(opts.schedule),
      ...opts.extra,
    },
    1,
  );
  const outcome = await executeRun(config, { log: () => {} });
  const history = readFileSync(join(outcome.runDir, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Op);
  return { results: outcome.results, history };
}

/** The final reads' values by node. */
export function finalReads(history: readonly Op[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const op of history)
    if (op.f === 'final-read' && op.type === 'ok') out[op.node ?? '?'] = op.value;
  return out;
}

/** Acknowledged adds taken by each node. */
export function acksByNode(history: readonly Op[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const op of history)
    if (op.f === 'add' && op.type === 'ok') out[op.node ?? '?'] = (out[op.node ?? '?'] ?? 0) + 1;
  return out;
}
