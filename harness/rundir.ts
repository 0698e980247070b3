// The run directory: everything needed to re-check and review a run offline
// (docs/architecture.md, "The run directory"); its file names are in
// core/run-files.ts.
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  renameSync,
  statSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../core/errors.ts';
import { LATEST_LINK, RUN_FILES } from '../core/run-files.ts';

export const HISTORY_FILE = RUN_FILES.history;
export const CONFIG_FILE = RUN_FILES.config;
export const RESULTS_FILE = RUN_FILES.results;

/** "2026-11-26T17:05:01.123Z" → "20261126T170501.123Z": sortable and free of colons. */
export function stamp(iso: string): string {
  return iso.replace(/[-:]/g, '');
}

/**
 * Refuses an --out that cannot hold run directories (a file, or a place not
 * writable), before anything is created, naming the flag and the fix.
 */
export function checkOutDir(outDir: string): void {
  let at = resolve(outDir);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  const fix = 'give a folder you can write (default runs)';
  if (!statSync(at).isDirectory()) {
    const what = at === resolve(outDir) ? 'is a file' : `lies under the file ${at}`;
    throw new UsageError(`--out ${outDir} ${what}, not a folder; ${fix}`);
  }
  try {
    accessSync(at, constants.W_OK | constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'not writable';
    throw new UsageError(`--out ${outDir}: ${at} is not writable (${code}); ${fix}`, {
      cause: err,
    });
  }
}

/** Creates runs/<test>/<stamp>/ (with nodes/) and points runs/latest at it. */
export function createRunDir(outDir: string, test: string, startedIso: string): string {
  const dir = resolve(outDir, test, stamp(startedIso));
  mkdirSync(join(dir, RUN_FILES.nodes), { recursive: true });
  const latest = resolve(outDir, LATEST_LINK);
  // Swap the link atomically so a reader never sees it missing.
  const tmp = `${latest}.${process.pid}.tmp`;
  if (existsSync(tmp)) unlinkSync(tmp);
  symlinkSync(relative(resolve(outDir), dir), tmp);
  renameSync(tmp, latest);
  return dir;
}

export interface HistoryInput {
  /** The run directory, or null when a bare history file was given. */
  readonly runDir: string | null;
  readonly historyPath: string;
}

/** Accepts a run directory or a history file, as `check` and `report` do. */
export function resolveHistoryInput(path: string): HistoryInput {
  const abs = resolve(path);
  if (!existsSync(abs)) {
    throw new UsageError(
      `${path} does not exist; give a run directory (runs/<test>/<time>, or runs/latest) or a history.jsonl file`,
    );
  }
  if (statSync(abs).isDirectory()) {
    const historyPath = join(abs, HISTORY_FILE);
    if (!existsSync(historyPath)) {
      throw new UsageError(
        `${path} is a directory without ${HISTORY_FILE}; give a run directory written by splitbrain run`,
      );
    }
    return { runDir: abs, historyPath };
  }
  return { runDir: null, historyPath: abs };
}
