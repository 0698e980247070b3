// One replay as a run in this process (the CLI's lifecycle, executeRun), and
// what the shrinker and `run --replay` need of it: did the expected anomaly
// show, and how big was the run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHistoryFile } from '../../core/history-file.ts';
import { isClientOp } from '../../core/history.ts';
import { RUN_FILES } from '../../core/run-files.ts';
import { kindCounts, type ResultsFile } from '../../reports/types.ts';
import { resolveRunConfig } from '../config.ts';
import { executeRun } from '../execute.ts';
import type { RunOutcome } from '../run.ts';
import { replayOfRunDir } from './from-run.ts';
import { replayRunOptions, serializeReplay, type Expectation, type Replay } from './replay-file.ts';

/** The file every sim run directory gets, repeating it with `run --replay`. */
const REPLAY_FILE = 'replay.json';

export interface RunSize {
  /** Client ops invoked, final reads included. */
  readonly ops: number;
  readonly clients: number;
  /** Faults started (ops that start a partition, kill, pause, clock or link fault). */
  readonly faults: number;
}

export interface ReplayOutcome {
  readonly outcome: RunOutcome;
  readonly reproduced: boolean;
  readonly size: RunSize;
}

/** Did the run's results show this checker finding this kind of anomaly? */
export function shows(results: ResultsFile, expect: Expectation): boolean {
  const r = results[expect.checker];
  if (typeof r !== 'object' || r === null || r.valid !== false) return false;
  return (kindCounts(r).get(expect.anomaly)?.total ?? 0) > 0;
}

const STOPS = new Set(['stop-partition', 'start', 'resume', 'reset-clock', 'stop-link']);

/** The size a shrink reports, read from what the run recorded. */
export function sizeOfRun(runDir: string, clients: number): RunSize {
  let ops = 0;
  let faults = 0;
  for (const op of readHistoryFile(join(runDir, RUN_FILES.history))) {
    if (op.type !== 'invoke') continue;
    if (isClientOp(op)) ops++;
    else if (op.process === 'nemesis' && op.f !== 'heal-all' && !STOPS.has(op.f)) faults++;
  }
  return { ops, clients, faults };
}

/** Writes this replay as a run directory's replay.json. */
export function saveReplay(runDir: string, replay: Replay): void {
  writeFileSync(join(runDir, REPLAY_FILE), serializeReplay(replay));
}

/** Writes replay.json into a sim run directory, expecting what it showed. */
export function writeReplayFile(runDir: string): Replay {
  const replay = replayOfRunDir(runDir);
  saveReplay(runDir, replay);
  return replay;
}

/** Runs a replay under `out`, quietly, and says whether it showed what it expects. */
export async function runReplay(replay: Replay, out: string): Promise<ReplayOutcome> {
  const options = { ...replayRunOptions(replay, out), quiet: true };
  const config = resolveRunConfig(options, Number(replay.options.seed));
  const outcome = await executeRun(config, { log: () => {} });
  // The replay as given, not as read back: `run --replay <dir>/replay.json` repeats this one.
  saveReplay(outcome.runDir, replay);
  return {
    outcome,
    reproduced: replay.expect !== null && shows(outcome.results, replay.expect),
    size: sizeOfRun(outcome.runDir, config.concurrency),
  };
}
