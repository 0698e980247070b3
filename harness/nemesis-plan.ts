// From a run's config to its nemesis plan: the fault kinds, the per-fault
// flags, the schedule file, on the run's clock. Our store and the real
// targets differ only in how the leader is found.
import { nemesisFor } from '../nemesis/index.ts';
import { scheduleOptionsFromFlags } from '../nemesis/options.ts';
import type { FindLeader } from '../nemesis/targets.ts';
import type { Clock } from '../core/clock.ts';
import type { RunConfig } from './config.ts';
import type { Rng } from '../core/rng.ts';
import type { NemesisPlan } from './run.ts';

export function nemesisPlanFor(
  config: RunConfig,
  deps: { readonly findLeader: FindLeader; readonly clock: Clock },
): (rng: Rng) => NemesisPlan {
  return (rng) => {
    const n = nemesisFor(config.nemesis, {
      ...scheduleOptionsFromFlags(config.nemesisOptions),
      rng,
      schedulePath: config.nemesisSchedule,
      nodeCount: config.nodes,
      findLeader: deps.findLeader,
      sleepMs: (ms) => deps.clock.sleepMs(ms),
    });
    return { nemesis: n.nemesis, needs: n.needs, generator: n.generator(config.nemesisIntervalS) };
  };
}
