// A sim run directory as a replay: its options from config.json, its faults
// from the nemesis ops it recorded (targets resolved to the nodes they hit,
// so the schedule no longer draws), what it showed from results.json.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { readHistoryFile } from '../../core/history-file.ts';
import type { Op } from '../../core/history.ts';
import type { OptionValue } from '../../core/option.ts';
import { RUN_FILES } from '../../core/run-files.ts';
import type { ScheduledOp } from '../../nemesis/schedule-file.ts';
import { checkerEntries, type ResultsFile } from '../../reports/types.ts';
import { parseReplay, REPLAY_VERSION, type Expectation, type Replay } from './replay-file.ts';

/** config.json fields that are run options, by config key (the rest is derived or decided elsewhere). */
const CONFIG_KEYS = [
  'system',
  'workload',
  'timeLimitS',
  'concurrency',
  'rate',
  'maxOps',
  'readFrom',
  'seed',
  'test',
  'opTimeoutMs',
  'quiesceTimeoutMs',
  'backend',
  'nemesisIntervalS',
  'checkTimeoutMs',
  'checkMemoryMb',
] as const;

/** The options of a stored config.json, in the form a replay keeps them. */
export function optionsOfConfig(config: Record<string, unknown>): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const k of CONFIG_KEYS) {
    const v = config[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  out.nodes = String(config.nodes);
  if (Array.isArray(config.checkers) && config.checkers.length > 0)
    out.checkers = config.checkers.join(',');
  const system = config.systemOptions;
  if (typeof system === 'object' && system !== null) Object.assign(out, system);
  return out;
}

/** The value that replays what a fault op did, not what it asked for ("isolate" drew a node). */
function resolvedValue(invoke: Op, done: Op | undefined): unknown {
  const v = done?.type === 'info' && typeof done.value === 'object' ? done.value : null;
  const got = (v ?? {}) as Record<string, unknown>;
  // The grudge says who drops whom, so it replays one-way cuts too.
  if (invoke.f === 'start-partition' && typeof got.grudge === 'object' && got.grudge !== null)
    return { grudge: got.grudge };
  if (invoke.f === 'pause' && Array.isArray(got.paused)) return got.paused;
  if (invoke.f === 'kill' && Array.isArray(got.killed)) {
    const asked = invoke.value as Record<string, unknown> | string;
    return typeof asked === 'object' && asked !== null && 'restartAfterMs' in asked
      ? { target: got.killed, restartAfterMs: asked.restartAfterMs }
      : got.killed;
  }
  return invoke.value;
}

/** The fault ops of a history, as a schedule (healing at the end is the run's own, not a fault). */
export function scheduleOfHistory(ops: readonly Op[]): ScheduledOp[] {
  const out: ScheduledOp[] = [];
  ops.forEach((op, i) => {
    if (op.process !== 'nemesis' || op.type !== 'invoke' || op.f === 'heal-all') return;
    const done = ops.slice(i + 1).find((o) => o.process === 'nemesis' && o.f === op.f);
    out.push({ atS: op.time / 1e9, f: op.f, value: resolvedValue(op, done) ?? null });
  });
  return out;
}

/** The first checker (run-health aside) that found an anomaly, and the kind it found first. */
export function firstViolation(results: ResultsFile): Expectation | null {
  for (const [checker, r] of checkerEntries(results)) {
    if (checker === 'run-health' || r.valid !== false) continue;
    const kind = r.anomalies?.[0]?.kind ?? Object.keys(r.anomalyCounts ?? {})[0];
    if (kind !== undefined) return { checker, anomaly: kind };
  }
  return null;
}

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`${path}: cannot read it (${(err as Error).message})`, { cause: err });
  }
}

/** A sim run directory's replay, expecting what it showed. */
export function replayOfRunDir(dir: string): Replay {
  const config = readJson(join(dir, RUN_FILES.config));
  if (config.backend !== 'sim')
    throw new UsageError(
      `${dir} ran on --backend ${String(config.backend)}; only a sim run repeats exactly, so only it can be shrunk or replayed: run it again with --backend sim`,
    );
  const results = readJson(join(dir, RUN_FILES.results)) as unknown as ResultsFile;
  const history = [...readHistoryFile(join(dir, RUN_FILES.history))];
  return {
    splitbrainReplay: REPLAY_VERSION,
    options: optionsOfConfig(config),
    schedule: scheduleOfHistory(history),
    expect: firstViolation(results),
  };
}

/** A run directory or a replay file, as a replay. */
export function loadReplay(path: string): Replay {
  if (path.trim() === '')
    throw new UsageError(
      'no replay given; give a sim run directory or a replay file, e.g. --replay runs/latest',
    );
  if (!existsSync(path))
    throw new UsageError(`${path} does not exist; give a sim run directory or a replay file`);
  if (statSync(path).isDirectory()) return replayOfRunDir(path);
  return parseReplay(readFileSync(path, 'utf8'), path);
}
