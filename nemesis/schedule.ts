// The random fault schedule: calm interval, start a fault, interval, stop it,
// and again, the fault drawn each cycle from the chosen kinds. A pure
// Generator for the nemesis thread; its draws come from a seed carried in
// the generator value, so asking it twice for the same op gives the same op
// and a seed gives the same schedule however the client ops interleave.
import type { FaultKind, LinkFaultSpec } from '../core/cluster.ts';
import { fill, once, seq, sleep, type OpSpec } from '../core/generator/combinators.ts';
import type { Generator } from '../core/generator/generator.ts';
import { createRng, type Rng } from '../core/rng.ts';
import { PARTITION_KINDS, type PartitionKind } from './partition.ts';

/** How one fault kind starts (drawn) and stops (fixed). */
export interface FaultPlan {
  readonly kind: FaultKind;
  start(rng: Rng): OpSpec;
  readonly stop: OpSpec;
}

/** Per-fault targeting for the random schedule. */
export interface ScheduleOptions {
  readonly partition?: { readonly kinds?: readonly PartitionKind[] };
  readonly kill?: { readonly targets?: readonly unknown[]; readonly restartAfterMs?: number };
  readonly pause?: { readonly targets?: readonly unknown[] };
  readonly clock?: {
    readonly targets?: readonly unknown[];
    /** Bumps are ±[minSkewMs, maxSkewMs]. */
    readonly minSkewMs?: number;
    readonly maxSkewMs?: number;
    /** Also strobe, flipping every strobePeriodMs for strobeDurationMs. */
    readonly strobe?: boolean;
    readonly strobePeriodMs?: number;
    readonly strobeDurationMs?: number;
  };
  readonly link?: {
    readonly targets?: readonly unknown[];
    readonly presets?: readonly LinkFaultSpec[];
  };
  /** Cluster size; majorities-ring is drawn by default only with 4 or more. */
  readonly nodeCount?: number;
  /** No node leads: defaults never aim at a leader (no isolate-leader, no leader kills). */
  readonly leaderless?: boolean;
}

export const DEFAULT_LINK_PRESETS: readonly LinkFaultSpec[] = [
  { latencyMs: 100, jitterMs: 50 },
  { bandwidthBytesPerS: 16_384 },
  { lossRate: 0.02 },
  { slowCloseMs: 1000, latencyMs: 20 },
];

/** Kills and pauses hit the leader half the time, where there is one: its loss is what failover is about. */
function defaultTargets(o: ScheduleOptions): readonly unknown[] {
  return o.leaderless === true ? ['random'] : ['random', 'leader'];
}

export function faultPlan(kind: FaultKind, o: ScheduleOptions = {}): FaultPlan {
  switch (kind) {
    case 'partition': {
      // A ring of majorities cuts nothing below 4 nodes, a bridge nothing below 3:
      // draw them only when the size allows.
      const small = o.nodeCount === undefined || o.nodeCount < 4;
      const tiny = o.nodeCount !== undefined && o.nodeCount < 3;
      const kinds =
        o.partition?.kinds ??
        PARTITION_KINDS.filter(
          (k) =>
            !(small && k === 'majorities-ring') &&
            !(tiny && k === 'bridge') &&
            !(o.leaderless === true && k === 'isolate-leader'),
        );
      return {
        kind,
        start: (rng) => ({ f: 'start-partition', value: rng.pick(kinds) }),
        stop: { f: 'stop-partition', value: null },
      };
    }
    case 'kill': {
      const targets = o.kill?.targets ?? defaultTargets(o);
      const after = o.kill?.restartAfterMs;
      return {
        kind,
        start: (rng) => {
          const target = rng.pick(targets);
          return {
            f: 'kill',
            value: after === undefined ? target : { target, restartAfterMs: after },
          };
        },
        stop: { f: 'start', value: 'all' },
      };
    }
    case 'pause': {
      const targets = o.pause?.targets ?? defaultTargets(o);
      return {
        kind,
        start: (rng) => ({ f: 'pause', value: rng.pick(targets) }),
        stop: { f: 'resume', value: 'all' },
      };
    }
    case 'clock': {
      const c = o.clock ?? {};
      const targets = c.targets ?? ['random'];
      const minMs = c.minSkewMs ?? 100;
      const maxMs = Math.max(minMs, c.maxSkewMs ?? 30_000);
      return {
        kind,
        start: (rng) => {
          const target = rng.pick(targets);
          const deltaMs = (rng.int(2) === 0 ? -1 : 1) * (minMs + rng.int(maxMs - minMs + 1));
          if (c.strobe && rng.int(2) === 0) {
            const periodMs = c.strobePeriodMs ?? 200;
            const durationMs = c.strobeDurationMs ?? 2000;
            return { f: 'strobe-clock', value: { target, deltaMs, periodMs, durationMs } };
          }
          return { f: 'bump-clock', value: { target, deltaMs } };
        },
        stop: { f: 'reset-clock', value: 'all' },
      };
    }
    case 'link': {
      const targets = o.link?.targets ?? ['random', 'all'];
      const presets = o.link?.presets ?? DEFAULT_LINK_PRESETS;
      return {
        kind,
        start: (rng) => ({
          f: 'start-link',
          value: {
            target: rng.pick(targets),
            faults: { ...rng.pick(presets), seed: rng.int(0x7fffffff) },
          },
        }),
        stop: { f: 'stop-link', value: null },
      };
    }
  }
}

/**
 * One fault: drawn with the carried seed from the kinds not yet drawn this
 * round (`left`, indices into plans), emitted now on a free thread. Drawing
 * without replacement gives every kind a turn within as many faults as
 * there are kinds, so a run long enough for them injects each one.
 */
function startFault(
  plans: readonly FaultPlan[],
  seed: number,
  left: readonly number[],
  intervalNs: number,
  next: (seed: number, left: readonly number[]) => Generator,
): Generator {
  return {
    op(ctx) {
      const rng = createRng(seed);
      const round = left.length > 0 ? left : plans.map((_, i) => i);
      const at = round.length === 1 ? 0 : rng.int(round.length);
      const plan = plans[round[at]!]!;
      const op = fill(ctx, plan.start(rng));
      if (op === 'pending') return 'pending';
      const nextSeed = rng.int(0x1_0000_0000);
      const rest = round.filter((_, i) => i !== at);
      return { op, gen: seq(sleep(intervalNs), once(plan.stop), next(nextSeed, rest)) };
    },
    update() {
      return this;
    },
  };
}

/**
 * Endless: wait intervalS, start a fault, wait intervalS (after it completes),
 * stop it, repeat. Bound it with timeLimit; the run heals everything after.
 */
export function randomSchedule(
  plans: readonly FaultPlan[],
  intervalS: number,
  seed: number,
): Generator {
  if (plans.length === 0) throw new Error('randomSchedule: expected at least one fault plan');
  if (!(intervalS > 0)) throw new Error(`nemesis interval must be > 0 s, got ${intervalS}`);
  const intervalNs = Math.round(intervalS * 1e9);
  const cycle = (s: number, left: readonly number[]): Generator =>
    seq(sleep(intervalNs), startFault(plans, s, left, intervalNs, cycle));
  return cycle(seed >>> 0, []);
}

/**
 * How many faults the random schedule can start before the time limit, at
 * most: the k-th (from 0) starts no sooner than (1 + 2k) intervals in, and
 * later when fault ops take time.
 */
export function faultSlots(intervalS: number, timeLimitS: number): number {
  return Math.max(0, Math.ceil((timeLimitS / intervalS - 1) / 2));
}
