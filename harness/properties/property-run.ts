// Property tests of the store's claims: fast-check generates a seed and a
// fault schedule (partitions, kills, pauses at generated times, durations and
// targets), runs it on the simulator in this process, and asserts that the
// checkers the theory says must hold do hold — on a run that did something
// (run-health valid: ops succeeded, every fault took effect). A failing run
// is written as a replay file, named in the failure, so
// `splitbrain run --replay <file>` repeats it.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { OptionValue } from '../../core/option.ts';
import type { ScheduledOp } from '../../nemesis/schedule-file.ts';
import { checkerEntries } from '../../reports/types.ts';
import { REPLAY_VERSION, serializeReplay, type Replay } from '../shrink/replay-file.ts';
import { runReplay } from '../shrink/replay-run.ts';

export type PropertyFault = 'partition' | 'kill' | 'pause';

const START: Readonly<Record<PropertyFault, string>> = {
  partition: 'start-partition',
  kill: 'kill',
  pause: 'pause',
};
const STOP: Readonly<Record<PropertyFault, { f: string; value: unknown }>> = {
  partition: { f: 'stop-partition', value: null },
  kill: { f: 'start', value: 'all' },
  pause: { f: 'resume', value: 'all' },
};
const SHAPES = ['halves', 'isolate', 'one-way'];
const TARGETS = ['random', 'n1', 'n2', 'n3'];
/** Targets only a mode with a leader can name (the nemesis asks the store who leads). */
const LEADER_SHAPES = ['isolate-leader'];
const LEADER_TARGETS = ['leader', 'non-leader'];

/**
 * One to three faults of the given kinds, one after another (a fault of a
 * kind never starts while one is active), each at a generated gap after the
 * last, for a generated duration, at a generated target; none past the end.
 */
export function faultSchedule(
  kinds: readonly PropertyFault[],
  timeLimitS: number,
  hasLeader: boolean,
): fc.Arbitrary<ScheduledOp[]> {
  const fault = fc.record({
    kind: fc.constantFrom(...kinds),
    gapMs: fc.integer({ min: 100, max: 1500 }),
    durationMs: fc.integer({ min: 200, max: 2500 }),
    shape: fc.constantFrom(...SHAPES, ...(hasLeader ? LEADER_SHAPES : [])),
    target: fc.constantFrom(...TARGETS, ...(hasLeader ? LEADER_TARGETS : [])),
  });
  return fc.array(fault, { minLength: 1, maxLength: 3 }).map((faults) => {
    const ops: ScheduledOp[] = [];
    let tMs = 0;
    for (const f of faults) {
      const startMs = tMs + f.gapMs;
      const stopMs = startMs + f.durationMs;
      if (stopMs >= timeLimitS * 1000) break;
      const value = f.kind === 'partition' ? f.shape : f.target;
      ops.push({ atS: startMs / 1000, f: START[f.kind], value });
      ops.push({ atS: stopMs / 1000, ...STOP[f.kind] });
      tMs = stopMs;
    }
    return ops;
  });
}

export interface Claim {
  /** Names the property and the replay files of its failures. */
  readonly name: string;
  /** `splitbrain run` options by key: mode flags, workload, read policy... (backend sim is added). */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** Checkers that must never find an anomaly in these settings. */
  readonly mustHold: readonly string[];
  readonly faults: readonly PropertyFault[];
  readonly timeLimitS: number;
  /** Generated runs (fast-check numRuns). */
  readonly runs: number;
}

/** Kept (not in the scratch folder) so the failure message's replay command works after the test. */
function keepReplay(name: string, replay: Replay): string {
  const dir = join(tmpdir(), 'splitbrain-properties');
  mkdirSync(dir, { recursive: true });
  const text = serializeReplay(replay);
  const file = join(
    dir,
    `${name}-${createHash('sha256').update(text).digest('hex').slice(0, 12)}.json`,
  );
  writeFileSync(file, text);
  return file;
}

async function holds(claim: Claim, seed: number, schedule: ScheduledOp[], scratch: string) {
  const replay: Replay = {
    splitbrainReplay: REPLAY_VERSION,
    options: { ...claim.options, backend: 'sim', seed, timeLimitS: claim.timeLimitS },
    schedule,
    expect: null,
  };
  const dir = mkdtempSync(join(scratch, 'run-'));
  try {
    const { outcome } = await runReplay(replay, dir);
    const verdicts = Object.fromEntries(checkerEntries(outcome.results));
    const problems: string[] = [];
    const health = verdicts['run-health'];
    if (health?.valid !== true)
      problems.push(
        `the run was vacuous (run-health ${String(health?.valid)}: ${health?.error ?? ''})`,
      );
    for (const id of claim.mustHold) {
      const r = verdicts[id];
      if (r?.valid !== true)
        problems.push(
          `${id} is ${String(r?.valid)}: ${r?.anomalies?.[0]?.explanation ?? r?.error ?? ''}`,
        );
    }
    if (problems.length > 0) {
      const file = keepReplay(claim.name, replay);
      throw new Error(
        `${claim.name}: ${problems.join('; ')}\n  repeat: npx splitbrain run --replay ${file}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Asserts the claim over `claim.runs` generated seeds and schedules; fast-check shrinks a failure. */
export async function assertClaim(claim: Claim): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'splitbrain-property-runs-'));
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 0xffff }),
        faultSchedule(
          claim.faults,
          claim.timeLimitS,
          claim.options.mode === 'single-leader',
        ).filter((s) => s.length > 0),
        (seed, schedule) => holds(claim, seed, schedule, scratch),
      ),
      { numRuns: claim.runs, maxSkipsPerRun: 10, includeErrorInReport: true },
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
