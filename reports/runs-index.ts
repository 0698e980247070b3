// Finds the runs under a runs/ folder and summarises each from its
// config.json and results.json (never the history: listing stays fast).
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Validity } from '../checkers/checker.ts';
import { regularFileInside } from './inside.ts';
import { anomalyCount, checkerEntries, type ResultsFile, type RunConfig } from './types.ts';

export interface RunSummary {
  /** Path under the runs folder, with "/" separators, e.g. "register/20261126T170501.123Z". */
  readonly path: string;
  readonly test: string;
  readonly startedAt: string;
  readonly seed?: number;
  readonly workload?: string;
  readonly backend?: string;
  readonly nemesis: readonly string[];
  readonly durationS?: number;
  /** "missing" when results.json is absent (a run in progress or one that crashed). */
  readonly valid: Validity | 'missing';
  readonly anomalies: number;
  readonly failing: readonly string[];
  readonly hasReport: boolean;
  /** Why config.json or results.json could not be read, when they could not. */
  readonly problem?: string;
}

function readJson(
  root: string,
  file: string,
): { value?: Record<string, unknown>; problem?: string } {
  if (!existsSync(file)) return {};
  // A symlink out of the runs folder is not read: the listing is served.
  if (regularFileInside(root, file) === null)
    return { problem: `${file} is not a regular file inside the runs folder` };
  try {
    const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof v === 'object' && v !== null && !Array.isArray(v))
      return { value: v as Record<string, unknown> };
    return { problem: `${file} is not a JSON object` };
  } catch (err) {
    return { problem: `${file}: ${(err as Error).message}` };
  }
}

function isRunDir(dir: string): boolean {
  return existsSync(join(dir, 'config.json')) || existsSync(join(dir, 'results.json'));
}

/** Real directories only: runs/latest is a symlink to a run that is listed anyway. */
function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((p) => lstatSync(p).isDirectory());
  } catch {
    return [];
  }
}

export function summarise(runsDir: string, dir: string): RunSummary {
  const root = realpathSync(runsDir);
  const c = readJson(root, join(dir, 'config.json'));
  const r = readJson(root, join(dir, 'results.json'));
  const config = (c.value ?? {}) as RunConfig;
  const results = r.value as ResultsFile | undefined;
  const path = relative(runsDir, dir).split(/[\\/]/).join('/');
  const entries = results ? checkerEntries(results) : [];
  const valid =
    results && [true, false, 'unknown'].includes(results.valid) ? results.valid : 'missing';
  const stampName = path.split('/').pop() ?? '';
  return {
    path,
    test: typeof config.test === 'string' ? config.test : (path.split('/')[0] ?? path),
    startedAt: typeof config.startedAt === 'string' ? config.startedAt : stampName,
    ...(typeof config.seed === 'number' ? { seed: config.seed } : {}),
    ...(typeof config.workload === 'string' ? { workload: config.workload } : {}),
    ...(typeof config.backend === 'string' ? { backend: config.backend } : {}),
    ...(typeof config.durationS === 'number' ? { durationS: config.durationS } : {}),
    nemesis: Array.isArray(config.nemesis) ? config.nemesis.map(String) : [],
    valid,
    anomalies: entries.reduce(
      (n, [, e]) => n + (Array.isArray(e.anomalies) ? anomalyCount(e).total : 0),
      0,
    ),
    failing: entries.filter(([, e]) => e.valid !== true).map(([id]) => id),
    hasReport: existsSync(join(dir, 'report.html')),
    ...(c.problem || r.problem
      ? { problem: [c.problem, r.problem].filter(Boolean).join('; ') }
      : {}),
  };
}

/** Every run under runsDir (runs/<test>/<stamp>/, or a run directly in a subfolder), newest first. */
export function listRuns(runsDir: string): RunSummary[] {
  const found: string[] = [];
  for (const a of subdirs(runsDir)) {
    if (isRunDir(a)) found.push(a);
    else for (const b of subdirs(a)) if (isRunDir(b)) found.push(b);
  }
  return found
    .map((d) => summarise(runsDir, d))
    .sort((x, y) =>
      x.startedAt < y.startedAt ? 1 : x.startedAt > y.startedAt ? -1 : x.path < y.path ? 1 : -1,
    );
}
