// Shrinking a reproduction with fast-check: the run becomes a value fast-check
// can shrink without knowing how it was made (fault indices, start times and
// durations, an op limit, a client count, a time limit, all integers). The
// original is the one example; fast-check shrinks it while the same checker
// still reports the same anomaly kind. Every candidate is a sim run in this
// process. The search is bounded in runs and in wall time: past either bound
// every candidate counts as "no longer fails", which ends the shrink at the
// smallest failing run found so far.
import fc from 'fast-check';
import { FAULT_STARTS, FAULT_OF_F, type ScheduledOp } from '../../nemesis/schedule-file.ts';
import type { Replay } from './replay-file.ts';

interface FaultChoice {
  /** Which of the original faults. */
  readonly i: number;
  readonly startMs: number;
  readonly durationMs: number;
}

export interface Candidate {
  readonly faults: readonly FaultChoice[];
  readonly maxOps: number;
  readonly concurrency: number;
  readonly timeLimitMs: number;
}

/** One fault of the original: the op that starts it, and the one that ends it (none: it lasts to the end). */
interface Fault {
  readonly start: ScheduledOp;
  readonly stop: ScheduledOp | null;
}

const STARTS = new Set(Object.values(FAULT_STARTS).flat());

/** The schedule as faults: each start paired with the next op of its kind that ends one. */
export function faultsOf(schedule: readonly ScheduledOp[]): Fault[] {
  const out: Fault[] = [];
  schedule.forEach((op, i) => {
    if (!STARTS.has(op.f)) return;
    const kind = FAULT_OF_F[op.f];
    const stop = schedule.slice(i + 1).find((o) => FAULT_OF_F[o.f] === kind && !STARTS.has(o.f));
    out.push({ start: op, stop: stop ?? null });
  });
  return out;
}

const ms = (s: number) => Math.round(s * 1000);
/** The shortest fault and time limit a shrink tries. */
const MIN_FAULT_MS = 100;
const MIN_TIME_LIMIT_MS = 1000;

/** The original run as a candidate: every fault where it was, the op count it ran. */
export function originalCandidate(replay: Replay, ops: number): Candidate {
  const timeLimitMs = ms(Number(replay.options.timeLimitS ?? 30));
  return {
    faults: faultsOf(replay.schedule).map((f, i) => ({
      i,
      startMs: ms(f.start.atS),
      durationMs: Math.max(
        MIN_FAULT_MS,
        f.stop === null ? timeLimitMs : ms(f.stop.atS - f.start.atS),
      ),
    })),
    maxOps: Math.max(1, ops),
    concurrency: Number(replay.options.concurrency ?? 5),
    timeLimitMs,
  };
}

/** Values fast-check can shrink from the original without its history: integers down to their floor. */
export function candidateArbitrary(original: Candidate): fc.Arbitrary<Candidate> {
  const n = original.faults.length;
  const t = original.timeLimitMs;
  const fault = fc.record({
    i: fc.integer({ min: 0, max: Math.max(0, n - 1) }),
    startMs: fc.integer({ min: 0, max: t }),
    durationMs: fc.integer({ min: MIN_FAULT_MS, max: Math.max(MIN_FAULT_MS, t) }),
  });
  return fc.record({
    faults: fc.array(fault, { maxLength: n }),
    maxOps: fc.integer({ min: 1, max: original.maxOps }),
    concurrency: fc.integer({ min: 1, max: original.concurrency }),
    timeLimitMs: fc.integer({ min: Math.min(MIN_TIME_LIMIT_MS, t), max: t }),
  });
}

/** A candidate as a replay: the chosen faults at their times, cut off at the time limit. */
export function replayOfCandidate(original: Replay, c: Candidate): Replay {
  const faults = faultsOf(original.schedule);
  const seen = new Set<number>();
  const ops: ScheduledOp[] = [];
  const limitS = c.timeLimitMs / 1000;
  for (const choice of c.faults) {
    const f = faults[choice.i];
    if (f === undefined || seen.has(choice.i)) continue;
    seen.add(choice.i);
    const atS = choice.startMs / 1000;
    if (atS >= limitS) continue;
    ops.push({ ...f.start, atS });
    const stopS = (choice.startMs + choice.durationMs) / 1000;
    if (f.stop !== null && stopS < limitS) ops.push({ ...f.stop, atS: stopS });
  }
  ops.sort((a, b) => a.atS - b.atS);
  return {
    ...original,
    options: {
      ...original.options,
      maxOps: c.maxOps,
      concurrency: c.concurrency,
      timeLimitS: limitS,
    },
    schedule: ops,
  };
}

export interface ShrinkBounds {
  readonly maxRuns: number;
  readonly maxSeconds: number;
  /** Seconds since the shrink began (injected: the caller owns the clock). */
  readonly elapsedS: () => number;
}

/**
 * Shrinks `original` while `fails` holds; returns the smallest failing
 * candidate found and how many candidates ran. `fails` must hold for the
 * original (the caller checks it first).
 */
export async function shrinkCandidate(
  original: Candidate,
  fails: (c: Candidate) => Promise<boolean>,
  bounds: ShrinkBounds,
): Promise<{ best: Candidate; runs: number; bounded: boolean }> {
  let runs = 0;
  let bounded = false;
  let best = original;
  const property = fc.asyncProperty(candidateArbitrary(original), async (c) => {
    if (runs >= bounds.maxRuns || bounds.elapsedS() >= bounds.maxSeconds) {
      bounded = true;
      return true;
    }
    runs++;
    const failed = await fails(c);
    if (failed) best = c;
    return !failed;
  });
  await fc.check(property, { examples: [[original]], numRuns: 1, seed: 0, endOnFailure: false });
  return { best, runs, bounded };
}
