// `splitbrain check <path>`: re-check a saved history offline, with the same
// verdict and exit code the run had, or check a history another tool wrote.
// It never overwrites a run's results.json unless asked (--write-results).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { exitCodeFor } from '../../reports/results.ts';
import { renderTerminal } from '../../reports/terminal.ts';
import { HISTORY_FORMATS } from '../../checkers/importers/index.ts';
import type { Semantics } from '../../checkers/linearizability/model.ts';
import { checkPath, writeResults, type CheckOutcome } from '../check.ts';
import { CHECK_BUDGET_OPTIONS, checkBudgetFor, resolveCheckBudget } from '../check-budget.ts';
import { yargsOptions } from '../options.ts';
import { checkProgress } from '../check-progress.ts';
import { csv } from '../config.ts';
import { UsageError } from '../../core/errors.ts';
import { CONFIG_FILE, RESULTS_FILE, resolveHistoryInput } from '../rundir.ts';

/** The options of `check`, declared once for the CLI. */
export function checkOptions<T>(y: Argv<T>): Argv<T> {
  const withFlags = y
    .positional('path', {
      type: 'string',
      describe: 'run directory (e.g. runs/latest), history.jsonl, or another tool’s history file',
      demandOption: true,
    })
    .option('checkers', {
      type: 'string',
      describe:
        "comma-separated checker ids [default: the run's own; for a bare file, its format's for its kind of history]",
    })
    .option('format', {
      type: 'string',
      describe: `history format: jsonl, ${HISTORY_FORMATS.join(', ')} [default: a run directory is jsonl; a file's is told from its first lines]`,
    })
    .option('initial-value', {
      type: 'string',
      describe:
        'JSON value every register or key of the linearizable-* models holds at first [default: 0 for Jepsen/Knossos histories, else unset (null); "" for porcupine-kv]',
    })
    .option('semantics', {
      type: 'string',
      describe:
        'how the linearizable-* models read outcomes: splitbrain (a failed cas missed, a null read read "unset") or jepsen (a fail did not happen, a nil read constrains nothing) [default: jepsen for jepsen-edn, else splitbrain]',
    })
    .option('write-results', {
      type: 'boolean',
      default: false,
      describe: "replace the run directory's results.json with these results",
    })
    .option('output', {
      type: 'string',
      describe: 'also write these results (results.json form) to this file',
    });
  return yargsOptions(withFlags, CHECK_BUDGET_OPTIONS);
}

/** What the command reads from outside: the clock the budget runs on (tests inject one). */
export interface CheckCommandDeps {
  readonly nowMs?: () => number;
}

function initialValue(raw: unknown): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(String(raw));
  } catch {
    throw new UsageError(
      `--initial-value must be a JSON value (0, null, "", "x"), got ${JSON.stringify(raw)}`,
    );
  }
}

function semantics(raw: unknown): Semantics | undefined {
  if (raw === undefined || raw === 'splitbrain' || raw === 'jepsen') return raw;
  throw new UsageError(`--semantics must be splitbrain or jepsen, got ${JSON.stringify(raw)}`);
}

/** One sentence on how a bare file was read: its format, checkers and model. */
function howRead(o: CheckOutcome): string {
  const linear = o.checkers.some((id) => id.startsWith('linearizable-'));
  const model = linear
    ? ` (${o.model.semantics ?? 'splitbrain'} semantics${'initial' in o.model ? `, initial value ${JSON.stringify(o.model.initial)}` : ''}${o.model.independent === true ? ', one register per key' : ''})`
    : '';
  return `read as ${o.format}, checked with ${o.checkers.join(', ')}${model}`;
}

export async function runCheckCommand(
  args: Record<string, unknown>,
  deps: CheckCommandDeps = {},
): Promise<void> {
  const budget = checkBudgetFor(resolveCheckBudget(args), deps.nowMs);
  const path = String(args.path);
  const input = resolveHistoryInput(path);
  const started = performance.now();
  const progress = checkProgress({
    fileBytes: statSync(input.historyPath).size,
    isTTY: Boolean(process.stderr.isTTY),
    write: (t) => process.stderr.write(t),
    nowMs: () => performance.now() - started,
  });
  const outcome = checkPath(
    {
      path,
      input,
      ...(args.format === undefined ? {} : { format: String(args.format) }),
      checkers: csv(args.checkers),
      initialValue: initialValue(args.initialValue ?? args['initial-value']),
      semantics: semantics(args.semantics),
    },
    budget,
    progress?.onRead,
  );
  progress?.finish();
  if (input.runDir === null) process.stderr.write(`note: ${howRead(outcome)}\n`);
  for (const note of outcome.notes) process.stderr.write(`note: ${note}\n`);
  const { results } = outcome;
  if (input.runDir !== null) {
    const file = join(input.runDir, RESULTS_FILE);
    // The run's own record stays as it was unless asked; a missing one is restored.
    if (args.writeResults === true || args['write-results'] === true || !existsSync(file))
      writeResults(input.runDir, results);
    else
      process.stderr.write(
        `note: ${file} is left as it was; --write-results replaces it, --output FILE keeps these results elsewhere\n`,
      );
  }
  if (typeof args.output === 'string')
    writeFileSync(args.output, JSON.stringify(results, null, 2) + '\n');
  const configPath = input.runDir === null ? null : join(input.runDir, CONFIG_FILE);
  const config =
    configPath !== null && existsSync(configPath)
      ? JSON.parse(readFileSync(configPath, 'utf8'))
      : { checkers: outcome.checkers };
  process.stdout.write(renderTerminal({ config, results }) + '\n');
  process.exitCode = exitCodeFor(results.valid);
}
