// `splitbrain report <run-dir>`: reads a run directory and (re)writes
// report.html and junit.xml from what the run recorded.
import { readFileSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { HistoryError, parseHistory, type Op } from '../core/history.ts';
import { renderReport } from './html.ts';
import { renderJunit } from './junit.ts';
import type { ReportInput, ResultsFile, RunConfig } from './types.ts';

/** A run directory that cannot be reported on: names the file and how to fix it. */
export class ReportInputError extends Error {
  constructor(
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReportInputError';
  }
}

function readText(runDir: string, name: string, fix: string): string {
  const file = join(runDir, name);
  if (!existsSync(file)) throw new ReportInputError(`${file} is missing; ${fix}`, file);
  return readFileSync(file, 'utf8');
}

function parseJsonObject(text: string, file: string, fix: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ReportInputError(
      `${file} is not valid JSON (${(err as Error).message}); ${fix}`,
      file,
      {
        cause: err,
      },
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ReportInputError(
      `${file} must hold a JSON object, got ${Array.isArray(raw) ? 'an array' : typeof raw}; ${fix}`,
      file,
    );
  return raw as Record<string, unknown>;
}

const RECHECK = 'run `splitbrain check <run-dir>` to write it again from history.jsonl';

/** Checks results.json has the shape reports rely on, naming the first checker that does not. */
export function validateResults(raw: Record<string, unknown>, file: string): ResultsFile {
  const isValidity = (v: unknown) => v === true || v === false || v === 'unknown';
  if (!isValidity(raw.valid))
    throw new ReportInputError(
      `${file}: "valid" must be true, false or "unknown", got ${JSON.stringify(raw.valid)}; ${RECHECK}`,
      file,
    );
  for (const [id, r] of Object.entries(raw)) {
    if (id === 'valid') continue;
    const ok =
      typeof r === 'object' &&
      r !== null &&
      isValidity((r as Record<string, unknown>).valid) &&
      Array.isArray((r as Record<string, unknown>).anomalies);
    if (!ok)
      throw new ReportInputError(
        `${file}: checker "${id}" must be an object with "valid" and an "anomalies" array; ${RECHECK}`,
        file,
      );
  }
  return raw as unknown as ResultsFile;
}

export function readRunDir(runDir: string): ReportInput {
  const configFile = join(runDir, 'config.json');
  const config = parseJsonObject(
    readText(runDir, 'config.json', 'is this a run directory (runs/<test>/<timestamp>)?'),
    configFile,
    'it is written by `splitbrain run`; restore it or write {} to report without a configuration',
  ) as RunConfig;
  const resultsFile = join(runDir, 'results.json');
  const results = validateResults(
    parseJsonObject(readText(runDir, 'results.json', RECHECK), resultsFile, RECHECK),
    resultsFile,
  );
  const historyFile = join(runDir, 'history.jsonl');
  const text = readText(
    runDir,
    'history.jsonl',
    'the history cannot be rebuilt; the run must be repeated',
  );
  const { history, notes } = parseTolerant(text, historyFile);
  return { config, results, history, ...(notes.length ? { notes } : {}) };
}

/**
 * The history through the one reader (core/history.ts): a torn last line (a
 * controller that crashed mid-write) is left out and said so, exactly as
 * `check` does; damage anywhere else is an error, since op indices would shift.
 */
function parseTolerant(text: string, file: string): { history: Op[]; notes: string[] } {
  const notes: string[] = [];
  try {
    const history = parseHistory(text, (note) => notes.push(`history.jsonl ${note}.`));
    return { history, notes };
  } catch (err) {
    if (!(err instanceof HistoryError)) throw err;
    throw new ReportInputError(
      `${file}: ${err.message}. Then run \`splitbrain check\` and \`splitbrain report\` again`,
      file,
      { cause: err },
    );
  }
}

/** Writes through a temporary file so a reader never sees half a report. */
function writeAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

export function writeReports(runDir: string): { html: string; junit: string } {
  const input = readRunDir(runDir);
  const html = join(runDir, 'report.html');
  const junit = join(runDir, 'junit.xml');
  writeAtomic(html, renderReport(input));
  writeAtomic(junit, renderJunit(input));
  return { html, junit };
}
