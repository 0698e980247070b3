// `splitbrain check <path>`: re-check a saved history offline, with the same
// verdict and exit code the run had.
import { readFileSync, statSync } from 'node:fs';
import { buildResults, exitCodeFor } from '../../reports/results.ts';
import { renderTerminal } from '../../reports/terminal.ts';
import { importHistory, HISTORY_FORMATS } from '../../checkers/importers/index.ts';
import { checkerIdsFor, checkHistoryFile, checkOps, writeResults } from '../check.ts';
import { checkBudgetFor, resolveCheckBudget } from '../check-budget.ts';
import { checkProgress } from '../check-progress.ts';
import { csv } from '../config.ts';
import { UsageError } from '../../core/errors.ts';
import { CONFIG_FILE, resolveHistoryInput } from '../rundir.ts';
import { join } from 'node:path';
import { existsSync } from 'node:fs';

/** What the command reads from outside: the clock the budget runs on (tests inject one). */
export interface CheckCommandDeps {
  readonly nowMs?: () => number;
}

export async function runCheckCommand(
  args: Record<string, unknown>,
  deps: CheckCommandDeps = {},
): Promise<void> {
  const budget = checkBudgetFor(resolveCheckBudget(args), deps.nowMs);
  const input = resolveHistoryInput(String(args.path));
  const format = String(args.format ?? 'jsonl');
  const ids = checkerIdsFor(input, csv(args.checkers));
  let results;
  if (format === 'jsonl') {
    const started = performance.now();
    const progress = checkProgress({
      fileBytes: statSync(input.historyPath).size,
      isTTY: Boolean(process.stderr.isTTY),
      write: (t) => process.stderr.write(t),
      nowMs: () => performance.now() - started,
    });
    results = checkHistoryFile(input.historyPath, ids, budget, progress?.onRead);
    progress?.finish();
  } else {
    if (!(HISTORY_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(
        `--format must be one of jsonl, ${HISTORY_FORMATS.join(', ')}; got ${JSON.stringify(format)}`,
      );
    }
    const ops = importHistory(format, readFileSync(input.historyPath, 'utf8'));
    results = buildResults(checkOps(ops, ids, budget));
  }
  if (input.runDir !== null && format === 'jsonl') writeResults(input.runDir, results);
  const configPath = input.runDir === null ? null : join(input.runDir, CONFIG_FILE);
  const config =
    configPath !== null && existsSync(configPath)
      ? JSON.parse(readFileSync(configPath, 'utf8'))
      : {};
  process.stdout.write(renderTerminal({ config, results }) + '\n');
  process.exitCode = exitCodeFor(results.valid);
}
