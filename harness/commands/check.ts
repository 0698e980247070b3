// `splitbrain check <path>`: re-check a saved history offline, with the same
// verdict and exit code the run had.
import { readFileSync } from 'node:fs';
import { buildResults, exitCodeFor } from '../../reports/results.ts';
import { renderTerminal } from '../../reports/terminal.ts';
import { importHistory, HISTORY_FORMATS } from '../../checkers/importers/index.ts';
import { checkerIdsFor, checkHistoryFile, checkOps, writeResults } from '../check.ts';
import { csv, UsageError } from '../config.ts';
import { CONFIG_FILE, resolveHistoryInput } from '../rundir.ts';
import { join } from 'node:path';
import { existsSync } from 'node:fs';

export async function runCheckCommand(args: Record<string, unknown>): Promise<void> {
  const input = resolveHistoryInput(String(args.path));
  const format = String(args.format ?? 'jsonl');
  const ids = checkerIdsFor(input, csv(args.checkers));
  let results;
  if (format === 'jsonl') {
    results = checkHistoryFile(input.historyPath, ids);
  } else {
    if (!(HISTORY_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(
        `--format must be one of jsonl, ${HISTORY_FORMATS.join(', ')}; got ${JSON.stringify(format)}`,
      );
    }
    const ops = importHistory(format, readFileSync(input.historyPath, 'utf8'));
    results = buildResults(checkOps(ops, ids));
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
