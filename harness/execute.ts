// Wires a resolved config to the parts of a run: backend, clock, workload,
// nemesis. The CLI and tests both start runs through here.
import type { Op } from '../core/history.ts';
import { KV_CHECKERS, kvWorkload } from '../workloads/kv.ts';
import { findLeader } from '../systems/store/client.ts';
import { backendFor } from './backends.ts';
import { realClock, wallClockIso } from '../core/clock.ts';
import type { Cluster } from '../core/cluster.ts';
import type { RunConfig } from './config.ts';
import { nemesisPlanFor } from './nemesis-plan.ts';
import { run, type RunOutcome } from './run.ts';
import { simEnvironment, storeApiFor } from '../sim/index.ts';
import { VERSION } from './version.ts';
import { executeTargetRun, usesTargets } from './systems.ts';

export interface ExecuteOptions {
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly onOp?: (op: Op) => void;
}

/** Virtual time a simulated run may take beyond its time limit before it counts as stuck. */
const SIM_SLACK_MS = 600_000;

export async function executeRun(config: RunConfig, opts: ExecuteOptions): Promise<RunOutcome> {
  if (usesTargets(config)) return executeTargetRun(config, opts);
  const sim =
    config.backend === 'sim'
      ? simEnvironment(config.seed, config.timeLimitS * 1000 + SIM_SLACK_MS)
      : null;
  const clock = sim ? sim.driver.clock : realClock();
  const storeApiOf = (cluster: Cluster) => storeApiFor(cluster, sim);
  const plan = nemesisPlanFor(config, {
    findLeader: async (cluster) =>
      (await findLeader(storeApiOf(cluster), cluster.nodes))?.id ?? null,
    clock,
  });
  const go = () =>
    run(config, {
      backend: sim ? sim.backend : backendFor(config.backend, { clockVia: config.clockVia }),
      workload: (rng, cluster) =>
        kvWorkload({
          readFrom: config.readFrom,
          leaderWindowMs: config.leaderWindowMs,
          statementValues: config.kvValues === 'statement',
          rng,
          clock,
          api: storeApiOf(cluster),
        }),
      defaultCheckers: KV_CHECKERS,
      nemesis: plan,
      clock,
      startedIso: wallClockIso(),
      versions: { splitbrain: VERSION, node: process.version },
      log: opts.log,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onOp ? { onOp: opts.onOp } : {}),
    });
  return sim ? sim.driver.run(go) : go();
}
