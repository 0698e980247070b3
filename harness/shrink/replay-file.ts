// The replay file (harness/shrink/README.md): one simulated run, written out
// so `splitbrain run --replay <file>` repeats it exactly — its options, its
// fault schedule as explicit timed ops, and what it is expected to show.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkerIds } from '../../checkers/registry.ts';
import { UsageError } from '../../core/errors.ts';
import { keyOf, type OptionValue } from '../../core/option.ts';
import { parseSchedule, ScheduleError, type ScheduledOp } from '../../nemesis/schedule-file.ts';
import { RUN_OPTIONS, SYSTEM_OPTIONS } from '../run-options.ts';

export const REPLAY_VERSION = 1;

/** The anomaly a replay should reproduce: a checker and one anomaly kind it reports. */
export interface Expectation {
  readonly checker: string;
  readonly anomaly: string;
}

export interface Replay {
  readonly splitbrainReplay: typeof REPLAY_VERSION;
  /** `splitbrain run` options by config key (timeLimitS, readFrom, replication...); backend is sim. */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** The faults, op for op, at seconds since the run began (nemesis/README.md lists the ops). */
  readonly schedule: readonly ScheduledOp[];
  /** What the run showed when it was written; null: a run with nothing to reproduce. */
  readonly expect: Expectation | null;
}

/** Options a replay decides by other means: the schedule replaces them, the caller picks the output. */
const NOT_IN_OPTIONS = new Set(['nemesis', 'nemesisSchedule', 'replay', 'out', 'quiet', 'json']);

/** Every option key a replay's options may hold. */
function knownKeys(): Set<string> {
  const keys = [...RUN_OPTIONS, ...SYSTEM_OPTIONS].map(keyOf);
  return new Set(keys.filter((k) => !NOT_IN_OPTIONS.has(k)));
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(source: string, field: string, problem: string, fix: string): UsageError {
  return new UsageError(`replay file ${source}: ${field} ${problem}; ${fix}`);
}

function parseOptions(source: string, raw: unknown): Record<string, OptionValue> {
  if (!isObject(raw))
    throw bad(source, 'options', 'is missing or not an object', 'give {"backend": "sim", ...}');
  const known = knownKeys();
  for (const [k, v] of Object.entries(raw)) {
    if (!known.has(k))
      throw bad(
        source,
        `options.${k}`,
        'is not a run option',
        NOT_IN_OPTIONS.has(k)
          ? 'faults go in "schedule" and the output folder is --out: remove it'
          : 'remove it or use a config key such as timeLimitS, readFrom, replication',
      );
    if (!['string', 'number', 'boolean'].includes(typeof v))
      throw bad(
        source,
        `options.${k}`,
        `is ${JSON.stringify(v)}`,
        'give a string, number or boolean',
      );
  }
  if (raw.backend !== 'sim')
    throw bad(
      source,
      'options.backend',
      `is ${JSON.stringify(raw.backend)}`,
      'only --backend sim repeats a run exactly (real processes and clocks do not): set "sim"',
    );
  if (typeof raw.seed !== 'number')
    throw bad(source, 'options.seed', 'is missing', 'the seed makes the run repeatable: add it');
  return raw as Record<string, OptionValue>;
}

function parseExpect(source: string, raw: unknown): Expectation | null {
  if (raw === null || raw === undefined) return null;
  if (!isObject(raw) || typeof raw.checker !== 'string' || typeof raw.anomaly !== 'string')
    throw bad(
      source,
      'expect',
      `is ${JSON.stringify(raw)}`,
      'give {"checker": "read-your-writes", "anomaly": "stale-read"} or null',
    );
  // A checker that does not exist would make every replay "NOT reproduced", for the wrong reason.
  if (!checkerIds().includes(raw.checker))
    throw bad(
      source,
      'expect.checker',
      `is ${JSON.stringify(raw.checker)}, not a checker`,
      `use one of ${checkerIds().join(', ')}`,
    );
  return { checker: raw.checker, anomaly: raw.anomaly };
}

/** Parses and checks a replay file; every error names the file, the field and the fix. */
export function parseReplay(text: string, source: string): Replay {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw bad(source, 'the file', `is not valid JSON (${(err as Error).message})`, 'fix the JSON');
  }
  if (!isObject(raw))
    throw bad(source, 'the file', 'is not a JSON object', 'see harness/shrink/README.md');
  if (raw.splitbrainReplay !== REPLAY_VERSION)
    throw bad(
      source,
      'splitbrainReplay',
      `is ${JSON.stringify(raw.splitbrainReplay)}`,
      `this splitbrain reads version ${REPLAY_VERSION}: write it again with this version's shrink or run`,
    );
  const options = parseOptions(source, raw.options);
  if (!Array.isArray(raw.schedule))
    throw bad(source, 'schedule', 'is missing or not an array', 'give [] for a run without faults');
  let schedule: ScheduledOp[];
  try {
    schedule = parseSchedule(JSON.stringify(raw.schedule), `replay file ${source}: schedule`);
  } catch (err) {
    if (err instanceof ScheduleError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
  return {
    splitbrainReplay: REPLAY_VERSION,
    options,
    schedule,
    expect: parseExpect(source, raw.expect),
  };
}

export function serializeReplay(r: Replay): string {
  return JSON.stringify(r, null, 2) + '\n';
}

/**
 * The `splitbrain run` options that repeat a replay, writing under `out`. The
 * schedule goes to a file named by its content (the nemesis reads schedules
 * from files), kept under out/replay-schedules so config.json's repeat
 * command still works.
 */
export function replayRunOptions(r: Replay, out: string): Record<string, OptionValue> {
  if (r.schedule.length === 0) return { ...r.options, nemesis: 'none', out };
  const text = JSON.stringify({ ops: r.schedule }, null, 2) + '\n';
  const dir = join(out, 'replay-schedules');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`);
  writeFileSync(file, text);
  return { ...r.options, nemesisSchedule: file, out };
}
