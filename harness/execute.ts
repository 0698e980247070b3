// Wires a resolved config to the parts of a run: the backend's environment,
// the system under test's wiring, the workload on it, the nemesis. The CLI
// and tests both start runs through here.
import type { Op } from '../core/history.ts';
import { wallClockIso } from '../core/clock.ts';
import { workloadFor } from '../workloads/index.ts';
import { backendEnvironment } from './backends.ts';
import type { RunConfig } from './config.ts';
import { nemesisPlanFor } from './nemesis-plan.ts';
import { run, type RunOutcome } from './run.ts';
import { defaultCheckersOf, systemSettings, validateSystemChoices } from './systems.ts';
import { VERSION } from './version.ts';

export interface ExecuteOptions {
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly onOp?: (op: Op) => void;
}

export async function executeRun(config: RunConfig, opts: ExecuteOptions): Promise<RunOutcome> {
  const system = validateSystemChoices(config);
  const env = backendEnvironment(config.backend, {
    seed: config.seed,
    timeLimitS: config.timeLimitS,
    clockVia: config.clockVia,
    externalNodes: config.externalNodes,
    hooks: config.hooks,
  });
  const { clock } = env;
  const wiring = system.setUp(systemSettings(config), clock);
  const go = () =>
    run(config, {
      backend: env.backend(wiring.launcher),
      nodeArgs: wiring.nodeArgs,
      workload: (rng, cluster) => workloadFor(config.workload, wiring.connect(cluster, rng)),
      defaultCheckers: defaultCheckersOf(config),
      nemesis: nemesisPlanFor(config, { findLeader: wiring.findLeader, clock }),
      clock,
      startedIso: wallClockIso(),
      versions: { splitbrain: VERSION, node: process.version, system: system.name },
      log: opts.log,
      // A simulated cluster lives in this process: see RunDeps.historyWrites.
      historyWrites: config.backend === 'sim' ? 'batched' : 'each-turn',
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onOp ? { onOp: opts.onOp } : {}),
    });
  return env.drive(go);
}
