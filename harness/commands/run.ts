// `splitbrain run`: options, then the run lifecycle, then reports and the exit code.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import type { CommandModule } from './command.ts';
import { renderTerminal } from '../../reports/terminal.ts';
import { writeReports } from '../../reports/write.ts';
import { lookupCheckers } from '../check.ts';
import { executeRun } from '../execute.ts';
import type { RunOutcome } from '../run.ts';
import type { Op } from '../../core/history.ts';
import { createProgress } from '../../reports/progress.ts';
import { resolveRunConfig, type RunConfig } from '../config.ts';
import { CONFIG_FILE, checkOutDir } from '../rundir.ts';
import { RUN_FILES } from '../../core/run-files.ts';
import { validateSystemChoices } from '../systems.ts';
import { yargsOptions } from '../options.ts';
import { RUN_OPTIONS, SYSTEM_OPTIONS } from '../run-options.ts';
import { checkedReplayOptions, replayArgs } from '../shrink/replay-args.ts';
import type { Replay } from '../shrink/replay-file.ts';
import { saveReplay, shows, writeReplayFile } from '../shrink/replay-run.ts';

/** Every option of `splitbrain run`, from their one declaration (run-options.ts), by group. */
export function runOptions<T>(y: Argv<T>): Argv<T> {
  return yargsOptions(y, [...RUN_OPTIONS, ...SYSTEM_OPTIONS]);
}

function validateChoices(config: RunConfig): void {
  validateSystemChoices(config);
  lookupCheckers(config.checkers);
}

export async function runRunCommand(given: Record<string, unknown>): Promise<void> {
  const fromReplay = typeof given.replay === 'string' ? replayArgs(given) : null;
  const args = fromReplay?.args ?? given;
  const resolve = () => {
    const c = resolveRunConfig(args, randomInt(0, 0xffff_ffff));
    validateChoices(c);
    return c;
  };
  const config = fromReplay ? checkedReplayOptions(String(given.replay), resolve) : resolve();
  checkOutDir(config.out);
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write('\ninterrupted: stopping clients, healing, checking what was recorded\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const quiet = args.quiet === true || args.json === true;
  const progress = quiet || config.backend === 'sim' ? null : startProgress(config);
  // Step lines go above the progress line, never onto it.
  const log = quiet
    ? () => {}
    : progress
      ? (line: string) => progress.line(line)
      : (line: string) => process.stdout.write(`${line}\n`);
  // A warning is not progress chatter: --quiet and --json still get it, on stderr.
  if (quiet) for (const w of config.warnings) process.stderr.write(`WARNING: ${w}\n`);
  try {
    const outcome = await executeRun(config, {
      log,
      signal: abort.signal,
      ...(progress ? { onOp: progress.onOp } : {}),
    });
    progress?.stop();
    writeReports(outcome.runDir);
    const replayed = sideReplay(config, outcome, fromReplay?.replay ?? null);
    if (args.json === true) {
      process.stdout.write(JSON.stringify(jsonSummary(config, outcome)) + '\n');
    } else {
      const stored = JSON.parse(readFileSync(join(outcome.runDir, CONFIG_FILE), 'utf8'));
      process.stdout.write(renderTerminal({ config: stored, results: outcome.results }) + '\n');
      log(`report: ${join(outcome.runDir, RUN_FILES.report)}`);
      if (outcome.exitCode !== 0)
        log(`seed ${config.seed} reproduces this run (exit ${outcome.exitCode})`);
    }
    if (replayed !== null)
      (args.json === true ? process.stderr : process.stdout).write(`${replayed}\n`);
    process.exitCode = outcome.exitCode;
  } catch (err) {
    progress?.stop();
    process.stderr.write(`seed ${config.seed}\n`);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * A sim run gets replay.json (the replay it came from, else one read from
 * its history); a replayed run also says whether it showed what the replay
 * expects.
 */
function sideReplay(config: RunConfig, outcome: RunOutcome, replay: Replay | null): string | null {
  if (config.backend !== 'sim') return null;
  if (replay === null) {
    writeReplayFile(outcome.runDir);
    return null;
  }
  saveReplay(outcome.runDir, replay);
  if (replay.expect === null) return 'replay: the file expects no anomaly';
  const { checker, anomaly } = replay.expect;
  return shows(outcome.results, replay.expect)
    ? `replay: reproduced: ${checker} found ${anomaly}`
    : `replay: NOT reproduced: ${checker} did not find ${anomaly}`;
}

/** Ops done, faults active, time left: redrawn in place on a TTY, plain lines in CI. */
function startProgress(config: RunConfig) {
  const started = performance.now();
  const p = createProgress({
    write: (t) => process.stderr.write(t),
    nowMs: () => performance.now() - started,
    isTTY: Boolean(process.stderr.isTTY),
    timeLimitS: config.timeLimitS,
    columns: () => process.stderr.columns,
  });
  // Nothing is drawn until the run says something: a run refused before it
  // starts prints its error alone, with no progress line.
  let shown = false;
  const timer = setInterval(() => shown && p.tick(), 250);
  timer.unref();
  return {
    onOp: (op: Op) => {
      shown = true;
      p.onOp(op);
    },
    line: (text: string) => {
      shown = true;
      p.line(text, (s) => process.stdout.write(s));
    },
    stop: () => {
      clearInterval(timer);
      if (shown) p.finish();
    },
  };
}

function jsonSummary(config: RunConfig, outcome: RunOutcome) {
  const checkers: Record<string, { valid: unknown; anomalies: number }> = {};
  for (const [id, r] of Object.entries(outcome.results)) {
    if (id === 'valid' || typeof r !== 'object' || r === null) continue;
    checkers[id] = { valid: r.valid, anomalies: r.anomalies.length };
  }
  return {
    runDir: outcome.runDir,
    seed: config.seed,
    valid: outcome.valid,
    exitCode: outcome.exitCode,
    warnings: config.warnings,
    checkers,
  };
}

export const command: CommandModule = { builder: runOptions, handler: runRunCommand };
