// nemesisFor: from --nemesis kinds (and optionally --nemesis-schedule) to the
// composed nemesis, the fault kinds it needs, and its schedule generator.
import { readFileSync } from 'node:fs';
import type { FaultKind } from '../core/cluster.ts';
import type { Generator } from '../core/generator/generator.ts';
import type { Rng } from '../core/rng.ts';
import { FAULT_KINDS } from './capabilities.ts';
import { clockNemesis } from './clock.ts';
import { composeNemesis } from './compose.ts';
import { crashNemesis } from './crash.ts';
import { realSleepMs, type SleepMs } from './errors.ts';
import { linkNemesis } from './link.ts';
import { noopNemesis, type Nemesis } from './nemesis.ts';
import { partitionNemesis } from './partition.ts';
import { pauseNemesis } from './pause.ts';
import { faultPlan, randomSchedule, type ScheduleOptions } from './schedule.ts';
import {
  fileSchedule,
  parseSchedule,
  ScheduleError,
  scheduleNeeds,
  type ScheduledOp,
} from './schedule-file.ts';
import { TargetError, type FindLeader } from './targets.ts';
import { validateNemesis } from './validate.ts';
import { didYouMean } from '../core/suggest.ts';

export { checkCapabilities, CapabilityError, doctorReport } from './capabilities.ts';
export { parseSchedule, ScheduleError } from './schedule-file.ts';
export type { ScheduleOptions } from './schedule.ts';
export type { ScheduledOp } from './schedule-file.ts';
export type { FindLeader } from './targets.ts';

export class UnknownFaultKindError extends Error {
  constructor(readonly kind: string) {
    super(
      `unknown nemesis fault kind ${JSON.stringify(kind)}${didYouMean(kind, [...FAULT_KINDS, 'none'])}; valid kinds: ${FAULT_KINDS.join(', ')} (or none)`,
    );
    this.name = 'UnknownFaultKindError';
  }
}

export interface NemesisForOptions extends ScheduleOptions {
  /** Seeds the random schedule (forked from the run's seed by the caller). */
  readonly rng?: Rng;
  /** A JSON schedule file to replay instead of a random schedule. */
  readonly schedulePath?: string | null;
  /** The schedule's text, for callers that already read it. */
  readonly scheduleText?: string;
  /** Who leads, for leader targets: the system under test says [default: none, an error]. */
  readonly findLeader?: FindLeader;
  /** Real-time waits for restart delays and strobes [default: setTimeout]. */
  readonly sleepMs?: SleepMs;
}

export interface NemesisBundle {
  readonly nemesis: Nemesis;
  readonly needs: FaultKind[];
  /** The kinds the schedule injects: the file's with a schedule file, else the chosen kinds. */
  readonly requested: FaultKind[];
  /** The main-phase schedule for an interval in seconds; null when there are no faults. */
  readonly generator: (intervalS: number) => Generator | null;
  /** The parsed schedule file, when one was given. */
  readonly schedule: readonly ScheduledOp[] | null;
}

function isFaultKind(x: string): x is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(x);
}

/** Throws UnknownFaultKindError for a kind not in FAULT_KINDS ("none" and "" are dropped). */
export function parseFaultKinds(kinds: readonly string[]): FaultKind[] {
  const out: FaultKind[] = [];
  for (const raw of kinds) {
    const k = raw.trim();
    if (k === '' || k === 'none') continue;
    if (!isFaultKind(k)) throw new UnknownFaultKindError(k);
    if (!out.includes(k)) out.push(k);
  }
  return out;
}

/** Without the system's own answer there is no leader to aim at: an error, never a guess. */
const noLeaderFinder: FindLeader = async () => {
  throw new TargetError('a leader target needs the system under test to say who leads');
};

/** A leaderless system has no leader to aim at: asking for one is bad input, not a fault that never happens. */
function refuseLeaderTargets(o: ScheduleOptions): void {
  const flags: [string, readonly unknown[] | undefined][] = [
    ['--kill-targets', o.kill?.targets],
    ['--pause-targets', o.pause?.targets],
    ['--clock-targets', o.clock?.targets],
    ['--link-targets', o.link?.targets],
    ['--partition-kinds', o.partition?.kinds],
  ];
  for (const [flag, values] of flags) {
    const bad = (values ?? []).find(
      (v) => v === 'leader' || v === 'non-leader' || v === 'isolate-leader',
    );
    if (bad !== undefined)
      throw new ScheduleError(
        `${flag} ${String(bad)}: no single node leads this cluster (leaderless or multi-leader), so there is no leader to aim at; use random, majority, minority, all or a node id${flag === '--partition-kinds' ? ' (or another partition shape)' : ''}`,
        null,
      );
  }
}

function nemesisOf(kind: FaultKind, o: NemesisForOptions, findLeader: FindLeader): Nemesis {
  const sleepMs = o.sleepMs ?? realSleepMs;
  switch (kind) {
    case 'partition':
      return partitionNemesis({ findLeader });
    case 'kill':
      return crashNemesis({ findLeader, sleepMs });
    case 'pause':
      return pauseNemesis({ findLeader });
    case 'clock':
      return clockNemesis({ findLeader, sleepMs });
    case 'link':
      return linkNemesis({ findLeader });
  }
}

export function nemesisFor(kinds: readonly string[], opts: NemesisForOptions): NemesisBundle {
  const chosen = parseFaultKinds(kinds);
  const text =
    opts.scheduleText ?? (opts.schedulePath ? readFileSync(opts.schedulePath, 'utf8') : null);
  const schedule =
    text === null ? null : parseSchedule(text, opts.schedulePath ?? 'nemesis schedule');
  const needs = [...new Set([...chosen, ...(schedule ? scheduleNeeds(schedule) : [])])];
  if (opts.leaderless === true) refuseLeaderTargets(opts);
  const findLeader = opts.findLeader ?? noLeaderFinder;
  const nemesis =
    needs.length === 0
      ? noopNemesis
      : validateNemesis(composeNemesis(needs.map((k) => nemesisOf(k, opts, findLeader))));
  const seed = opts.rng ? opts.rng.int(0x1_0000_0000) : 0;
  const generator = (intervalS: number): Generator | null => {
    if (schedule !== null) return fileSchedule(schedule);
    if (chosen.length === 0) return null;
    return randomSchedule(
      chosen.map((k) => faultPlan(k, opts)),
      intervalS,
      seed,
    );
  };
  const requested = schedule ? scheduleNeeds(schedule) : chosen;
  return { nemesis, needs, requested, generator, schedule };
}
