// Offline checking of a saved history: the same code path `run` uses at its
// end, so `splitbrain check` on a run directory gives the run's verdict. A
// history from another tool is read in its format (named, or told from its
// first bytes), with that tool's semantics and its own default checkers.
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckBudget } from '../checkers/budget.ts';
import { checkAll, type CheckResult } from '../checkers/checker.ts';
import {
  defaultsFor,
  detectFormat,
  SEMANTICS,
  type FormatName,
} from '../checkers/importers/formats.ts';
import { HISTORY_FORMATS, isHistoryFormat, readImported } from '../checkers/importers/index.ts';
import type { ModelOptions } from '../checkers/linearizability/model.ts';
import { defaultCheckersFor, getChecker } from '../checkers/registry.ts';
import { BadOpError, HistoryError, type Op } from '../core/history.ts';
import { UsageError } from '../core/errors.ts';
import { historyFileError, lineOfOp, readHistoryFile } from '../core/history-file.ts';
import { buildResults } from '../reports/results.ts';
import { checkerEntries, type ResultsFile } from '../reports/types.ts';
import { CONFIG_FILE, RESULTS_FILE, type HistoryInput } from './rundir.ts';
import { didYouMean } from '../core/suggest.ts';

/** The checkers by id; a memory budget becomes each search's own bound. */
export function lookupCheckers(
  ids: readonly string[],
  budget: CheckBudget = {},
  model: ModelOptions = {},
) {
  const options = {
    ...(budget.memoryMb === undefined ? {} : { memoryMb: budget.memoryMb }),
    model,
  };
  return ids.map((id) => {
    try {
      return getChecker(id, options);
    } catch (err) {
      throw new UsageError(`--checkers: ${(err as Error).message}`, { cause: err });
    }
  });
}

/** The checker ids a run directory was checked with, else null. */
function runCheckers(input: HistoryInput): readonly string[] | null {
  if (input.runDir === null) return null;
  const path = join(input.runDir, CONFIG_FILE);
  if (!existsSync(path)) return null;
  const config = JSON.parse(readFileSync(path, 'utf8')) as {
    checkers?: string[];
    workload?: string;
  };
  if (config.checkers && config.checkers.length > 0) return config.checkers;
  // Without --checkers the run chose them (its workload's and its system's,
  // such as convergence where every node takes writes): results.json names
  // them, without this command loading every system to ask.
  const ran = checkedWith(join(input.runDir, RESULTS_FILE));
  return ran ?? defaultCheckersFor(config.workload ?? 'kv');
}

/** The checker ids a results file holds, or null when there is none (the run crashed before checking). */
function checkedWith(path: string): string[] | null {
  if (!existsSync(path)) return null;
  try {
    const ids = checkerEntries(JSON.parse(readFileSync(path, 'utf8')) as ResultsFile).map(
      ([id]) => id,
    );
    return ids.length > 0 ? ids : null;
  } catch {
    return null;
  }
}

export function checkOps(
  ops: Iterable<Op>,
  ids: readonly string[],
  budget: CheckBudget = {},
  model: ModelOptions = {},
): Record<string, CheckResult> {
  return checkAll(lookupCheckers(ids, budget, model), ops, budget);
}

/** An op no checker could read, as bad input naming the file and line. */
function badOp(path: string, line: number | null, err: BadOpError): UsageError {
  return new UsageError(`${path}:${line === null ? '' : `line ${line}: `}${err.message}`, {
    cause: err,
  });
}

/**
 * Checks a history file in one streaming pass and returns results.json's
 * object. `onRead` hears of each op with the characters read so far;
 * `onNote` of what the reader tolerated (a torn last line).
 */
export function checkHistoryFile(
  historyPath: string,
  ids: readonly string[],
  budget: CheckBudget = {},
  onRead?: (ops: number, chars: number) => void,
  model: ModelOptions = {},
  onNote?: (note: string) => void,
): ResultsFile {
  const checkers = lookupCheckers(ids, budget, model);
  try {
    return buildResults(
      checkAll(checkers, readHistoryFile(historyPath, { onRead, onNote }), budget),
    );
  } catch (err) {
    if (err instanceof BadOpError)
      throw badOp(historyPath, lineOfOp(historyPath, err.opIndex), err);
    throw err;
  }
}

/** What `check` was asked: the path, and the flags that choose format, checkers and model. */
export interface CheckRequest {
  readonly path: string;
  readonly input: HistoryInput;
  /** Absent: told from the file (a run directory is jsonl). */
  readonly format?: string;
  /** Empty: the run's own, or the format's defaults for this history. */
  readonly checkers: readonly string[];
  readonly initialValue?: unknown;
  readonly semantics?: ModelOptions['semantics'];
}

export interface CheckOutcome {
  readonly results: ResultsFile;
  readonly format: FormatName;
  readonly checkers: readonly string[];
  /** The linearizability models' options the checkers ran with. */
  readonly model: ModelOptions;
  /** What was tolerated while reading, each one sentence. */
  readonly notes: readonly string[];
}

const FORMAT_WORDS = ['jsonl', ...HISTORY_FORMATS];
const FORMATS_TEXT = FORMAT_WORDS.join(', ');

/** The first bytes of a file, enough to tell its format. */
function head(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16 * 1024);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function formatOf(req: CheckRequest): FormatName {
  if (req.format !== undefined) {
    if (req.format === 'jsonl' || isHistoryFormat(req.format)) return req.format;
    throw new UsageError(
      `--format must be one of ${FORMATS_TEXT}; got ${JSON.stringify(req.format)}${didYouMean(req.format, FORMAT_WORDS)}`,
    );
  }
  if (req.input.runDir !== null) return 'jsonl';
  const text = head(req.input.historyPath);
  // A blank file reads as jsonl, whose reader says it holds no ops.
  if (text.trim() === '') return 'jsonl';
  const found = detectFormat(text);
  if (found !== null) return found;
  throw new UsageError(
    `${req.path}: cannot tell its format from its first lines (${JSON.stringify(text.trim().slice(0, 40))}...); give --format ${FORMATS_TEXT.replaceAll(', ', '|')}`,
  );
}

/** The checkers and model options: what was asked, else the format's defaults for these ops. */
function choose(req: CheckRequest, format: FormatName, sample: () => Iterable<Op>) {
  let checkers =
    req.checkers.length > 0 ? req.checkers : format === 'jsonl' ? runCheckers(req.input) : null;
  let model: ModelOptions = { semantics: SEMANTICS[format] };
  const defaults = defaultsFor(format, sample());
  if ('checkers' in defaults) model = defaults.model;
  if (checkers === null) {
    if ('why' in defaults) {
      throw new UsageError(
        `${req.path}: no default checkers for this history (${defaults.why}); name them with --checkers (splitbrain check --help lists them)`,
      );
    }
    checkers = defaults.checkers;
  }
  if (req.semantics !== undefined) model = { ...model, semantics: req.semantics };
  if (req.initialValue !== undefined) model = { ...model, initial: req.initialValue };
  const linear = checkers.some((id) => id.startsWith('linearizable-'));
  if (!linear && (req.initialValue !== undefined || req.semantics !== undefined)) {
    throw new UsageError(
      `--initial-value and --semantics set the linearizable-* checkers' model, and none of ${checkers.join(', ')} is one; leave them out or add such a checker to --checkers`,
    );
  }
  return { checkers, model };
}

/** Up to this many ops tell a jsonl history's kind without reading it all. */
const SAMPLE_OPS = 2000;

function* firstOps(path: string, n: number): Generator<Op> {
  let i = 0;
  for (const op of readHistoryFile(path)) {
    if (i++ >= n) return;
    yield op;
  }
}

/** Reads, checks and folds one history as `check` was asked to. */
export function checkPath(
  req: CheckRequest,
  budget: CheckBudget = {},
  onRead?: (ops: number, chars: number) => void,
): CheckOutcome {
  const format = formatOf(req);
  const path = req.input.historyPath;
  const notes: string[] = [];
  if (format === 'jsonl') {
    const { checkers, model } = choose(req, format, () => firstOps(path, SAMPLE_OPS));
    const results = checkHistoryFile(path, checkers, budget, onRead, model, (n) => notes.push(n));
    return { results, format, checkers, model, notes };
  }
  let imported;
  try {
    imported = readImported(format, readFileSync(path, 'utf8'));
  } catch (err) {
    if (err instanceof HistoryError) throw historyFileError(req.path, err);
    throw err;
  }
  notes.push(...imported.notes.map((n) => `${req.path}: ${n}`));
  const { checkers, model } = choose(req, format, () => imported.ops);
  try {
    const results = buildResults(checkOps(imported.ops, checkers, budget, model));
    return { results, format, checkers, model, notes };
  } catch (err) {
    if (err instanceof BadOpError) throw badOp(req.path, imported.lines[err.opIndex] ?? null, err);
    throw err;
  }
}

export function writeResults(runDir: string, results: unknown): void {
  writeFileSync(join(runDir, RESULTS_FILE), JSON.stringify(results, null, 2) + '\n');
}
