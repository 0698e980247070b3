// From a run's config to its nemesis plan: the fault kinds, the per-fault
// flags, the schedule file, on the run's clock. Our store and the real
// targets differ only in how the leader is found.
import { nemesisFor, ScheduleError } from '../nemesis/index.ts';
import { checkScheduleFile } from '../nemesis/feasible.ts';
import { scheduleOptionsFromFlags } from '../nemesis/options.ts';
import type { FindLeader } from '../nemesis/targets.ts';
import type { Clock } from '../core/clock.ts';
import { UsageError } from '../core/errors.ts';
import { nodeIdsFor } from '../kit/cluster-nodes.ts';
import type { RunConfig } from './config.ts';
import type { Rng } from '../core/rng.ts';
import type { NemesisPlan } from './run.ts';

export function nemesisPlanFor(
  config: RunConfig,
  deps: { readonly findLeader: FindLeader | undefined; readonly clock: Clock },
): (rng: Rng) => NemesisPlan {
  return (rng) => {
    const n = scheduleErrorsAreUsage(() =>
      nemesisFor(config.nemesis, {
        ...scheduleOptionsFromFlags(config.nemesisOptions),
        rng,
        schedulePath: config.nemesisSchedule,
        nodeCount: config.nodes,
        ...(deps.findLeader ? { findLeader: deps.findLeader } : { leaderless: true }),
        sleepMs: (ms) => deps.clock.sleepMs(ms),
      }),
    );
    const file = config.nemesisSchedule;
    if (n.schedule !== null && file !== null)
      scheduleErrorsAreUsage(() =>
        checkScheduleFile(n.schedule!, file, config.timeLimitS, nodeIdsFor(config.nodes)),
      );
    return {
      nemesis: n.nemesis,
      needs: n.needs,
      requested: n.requested,
      generator: n.generator(config.nemesisIntervalS),
    };
  };
}

/** A bad schedule file is bad input (exit 3), named by file and entry. */
function scheduleErrorsAreUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ScheduleError) throw new UsageError(err.message, { cause: err });
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new UsageError(
        `--nemesis-schedule ${(err as NodeJS.ErrnoException).path ?? ''} does not exist; give the path of a JSON schedule file (nemesis/README.md shows its form)`,
        { cause: err },
      );
    throw err;
  }
}
