// A fixed fault schedule from a JSON file (--nemesis-schedule), replayed op
// for op: each entry is emitted at its time since the run began (or as soon
// as the nemesis thread is free after it, if an earlier fault ran long).
//
//   {"ops": [{"atS": 5, "f": "start-partition", "value": "halves"},
//            {"atS": 15, "f": "stop-partition"}]}
//
// A bare array of entries is accepted too.
import type { FaultKind } from '../core/cluster.ts';
import { list } from '../core/generator/combinators.ts';
import type { Generator } from '../core/generator/generator.ts';
import { didYouMean } from '../core/suggest.ts';

export interface ScheduledOp {
  readonly atS: number;
  readonly f: string;
  readonly value: unknown;
}

/** Which fault kind each op name needs. */
export const FAULT_OF_F: Readonly<Record<string, FaultKind>> = {
  'start-partition': 'partition',
  'stop-partition': 'partition',
  kill: 'kill',
  start: 'kill',
  pause: 'pause',
  resume: 'pause',
  'bump-clock': 'clock',
  'strobe-clock': 'clock',
  'reset-clock': 'clock',
  'slow-clock': 'clock',
  'start-link': 'link',
  'stop-link': 'link',
};

/**
 * The ops that start a fault of each kind (the others stop one). A requested
 * kind took effect once one of these completed with no error and named the
 * nodes it touched.
 */
export const FAULT_STARTS: Readonly<Record<FaultKind, readonly string[]>> = {
  partition: ['start-partition'],
  kill: ['kill'],
  pause: ['pause'],
  clock: ['bump-clock', 'strobe-clock', 'slow-clock'],
  link: ['start-link'],
};

export class ScheduleError extends Error {
  constructor(
    message: string,
    /** 0-based index of the bad entry, when one entry is to blame. */
    readonly entry: number | null,
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/** Parses and checks a schedule; errors name the entry, the field and what was expected. */
export function parseSchedule(text: string, source = 'nemesis schedule'): ScheduledOp[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ScheduleError(`${source}: not valid JSON (${(err as Error).message})`, null);
  }
  const entries = Array.isArray(raw)
    ? raw
    : typeof raw === 'object' && raw !== null
      ? (raw as { ops?: unknown }).ops
      : undefined;
  if (!Array.isArray(entries))
    throw new ScheduleError(`${source}: expected {"ops": [...]} or an array of ops`, null);
  const out: ScheduledOp[] = [];
  entries.forEach((e: unknown, i) => {
    const where = `${source}: entry ${i} (${JSON.stringify(e)})`;
    if (typeof e !== 'object' || e === null || Array.isArray(e))
      throw new ScheduleError(`${where}: expected an object {atS, f, value}`, i);
    const { atS, f, value } = e as Record<string, unknown>;
    if (typeof atS !== 'number' || !Number.isFinite(atS) || atS < 0)
      throw new ScheduleError(
        `${where}: atS must be a number of seconds >= 0, got ${JSON.stringify(atS)}`,
        i,
      );
    if (typeof f !== 'string' || !(f in FAULT_OF_F))
      throw new ScheduleError(
        `${where}: f must be one of ${Object.keys(FAULT_OF_F).join(', ')}, got ${JSON.stringify(f)}${didYouMean(f, Object.keys(FAULT_OF_F))}`,
        i,
      );
    const prev = out[out.length - 1];
    if (prev && atS < prev.atS)
      throw new ScheduleError(
        `${where}: atS ${atS} is before the previous entry's ${prev.atS}; entries must be in time order`,
        i,
      );
    out.push({ atS, f, value: value ?? null });
  });
  return out;
}

/** The fault kinds a schedule uses, in first-use order. */
export function scheduleNeeds(ops: readonly ScheduledOp[]): FaultKind[] {
  return [...new Set(ops.map((o) => FAULT_OF_F[o.f]!))];
}

/** Replays the schedule exactly: the listed ops, in order, at their times. */
export function fileSchedule(ops: readonly ScheduledOp[]): Generator {
  return list(ops.map((o) => ({ f: o.f, value: o.value, timeNs: Math.round(o.atS * 1e9) })));
}
