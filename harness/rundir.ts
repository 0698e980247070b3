// The run directory: everything needed to re-check and review a run offline
// (docs/architecture.md, "The run directory"); its file names are in
// core/run-files.ts.
import { existsSync, mkdirSync, renameSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UsageError } from '../core/errors.ts';
import { LATEST_LINK, RUN_FILES } from '../core/run-files.ts';

export const HISTORY_FILE = RUN_FILES.history;
export const CONFIG_FILE = RUN_FILES.config;
export const RESULTS_FILE = RUN_FILES.results;

/** "2026-11-26T17:05:01.123Z" → "20261126T170501.123Z": sortable and free of colons. */
export function stamp(iso: string): string {
  return iso.replace(/[-:]/g, '');
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
