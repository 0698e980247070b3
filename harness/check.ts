// Offline checking of a saved history: the same code path `run` uses at its
// end, so `splitbrain check` on a run directory gives the run's verdict.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckBudget } from '../checkers/budget.ts';
import { checkAll, type CheckResult } from '../checkers/checker.ts';
import type { Op } from '../core/history.ts';
import { defaultCheckersFor, getChecker } from '../checkers/registry.ts';
import { buildResults } from '../reports/results.ts';
import { UsageError } from '../core/errors.ts';
import { readHistoryFile } from '../core/history-file.ts';
import { CONFIG_FILE, RESULTS_FILE, type HistoryInput } from './rundir.ts';

/** The checkers by id; a memory budget becomes each search's own bound. */
export function lookupCheckers(ids: readonly string[], budget: CheckBudget = {}) {
  const options = budget.memoryMb === undefined ? undefined : { memoryMb: budget.memoryMb };
  return ids.map((id) => {
    try {
      return getChecker(id, options);
    } catch (err) {
      throw new UsageError(`--checkers: ${(err as Error).message}`, { cause: err });
    }
  });
}

/** The checker ids a run directory was checked with, else the workload's defaults. */
export function checkerIdsFor(input: HistoryInput, given: readonly string[]): readonly string[] {
  if (given.length > 0) return given;
  if (input.runDir !== null) {
    const path = join(input.runDir, CONFIG_FILE);
    if (existsSync(path)) {
      const config = JSON.parse(readFileSync(path, 'utf8')) as {
        checkers?: string[];
        workload?: string;
      };
      if (config.checkers && config.checkers.length > 0) return config.checkers;
      return defaultCheckersFor(config.workload ?? 'kv');
    }
  }
  return defaultCheckersFor('kv');
}

export function checkOps(
  ops: Iterable<Op>,
  ids: readonly string[],
  budget: CheckBudget = {},
): Record<string, CheckResult> {
  return checkAll(lookupCheckers(ids, budget), ops, budget);
}

/**
 * Checks a history file in one streaming pass and returns results.json's
 * object. `onRead` hears of each op with the characters read so far.
 */
export function checkHistoryFile(
  historyPath: string,
  ids: readonly string[],
  budget: CheckBudget = {},
  onRead?: (ops: number, chars: number) => void,
) {
  const checkers = lookupCheckers(ids, budget);
  return buildResults(checkAll(checkers, readHistoryFile(historyPath, { onRead }), budget));
}

export function writeResults(runDir: string, results: unknown): void {
  writeFileSync(join(runDir, RESULTS_FILE), JSON.stringify(results, null, 2) + '\n');
}
