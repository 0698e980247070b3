// The backends by name, one entry each: the one place a run's backend is
// chosen. An entry builds the run's environment (its clock, and for the
// simulation the driver that moves virtual time) and the Backend that runs
// the system's launcher. An unknown name is a usage error before anything starts.
import type { Backend } from '../core/cluster.ts';
import { realClock, type Clock } from '../core/clock.ts';
import { UsageError } from '../core/errors.ts';
import type { Launcher, ScriptLauncher } from '../core/launcher.ts';
import { dockerBackend } from '../docker/index.ts';
import { externalBackend, type Hooks } from '../external/index.ts';
import { localBackend } from '../local/index.ts';
import { simEnvironment } from '../sim/index.ts';
import { didYouMean } from '../core/suggest.ts';

export interface BackendSettings {
  readonly seed: number;
  readonly timeLimitS: number;
  /** How clock faults reach local script nodes. */
  readonly clockVia: 'auto' | 'faketime' | 'store';
  /** An external cluster's nodes (host:port) and fault hooks. */
  readonly externalNodes: readonly string[];
  readonly hooks: Hooks;
}

/** What a run gets from its backend: a clock, time moving, and the backend for the system's launcher. */
export interface BackendEnvironment {
  readonly clock: Clock;
  /** Runs fn while the environment's time moves (the simulation's driver); real time just runs. */
  drive<T>(fn: () => Promise<T>): Promise<T>;
  backend(launcher: Launcher | undefined): Backend;
}

interface BackendEntry {
  readonly name: string;
  /** One line for --help. */
  readonly summary: string;
  environment(settings: BackendSettings): BackendEnvironment;
}

/** Virtual time a simulated run may take beyond its time limit before it counts as stuck. */
const SIM_SLACK_MS = 600_000;

function realTime(backend: (launcher: Launcher | undefined) => Backend): BackendEnvironment {
  return { clock: realClock(), drive: (fn) => fn(), backend };
}

function needLauncher(backend: string, launcher: Launcher | undefined): Launcher {
  if (launcher === undefined)
    throw new UsageError(`--backend ${backend} needs a system that runs as our processes`);
  return launcher;
}

function needScript(launcher: Launcher | undefined): ScriptLauncher {
  const l = needLauncher('docker', launcher);
  if (l.kind !== 'script')
    throw new UsageError(`--backend docker runs splitbrain's own store only, not ${l.name}`);
  return l;
}

const BACKENDS: readonly BackendEntry[] = [
  {
    name: 'local',
    summary: 'OS processes on loopback, every link through a proxy',
    environment: (s) =>
      realTime((l) => localBackend({ launcher: needLauncher('local', l), clockVia: s.clockVia })),
  },
  {
    name: 'docker',
    summary: 'one container per node, faults inside the containers',
    environment: () =>
      realTime((l) =>
        dockerBackend({
          launcher: needScript(l),
          // On stderr: stdout may have to be one JSON object (--json).
          onImage: (i) =>
            process.stderr.write(
              `image ${i.ref} ${i.built ? 'built' : 'cached'} in ${(i.elapsedMs / 1000).toFixed(1)} s\n`,
            ),
        }),
      ),
  },
  {
    name: 'sim',
    summary: "the store's core in this process, simulated network and virtual clock",
    environment(s) {
      const sim = simEnvironment(s.seed, s.timeLimitS * 1000 + SIM_SLACK_MS);
      return {
        clock: sim.driver.clock,
        drive: (fn) => sim.driver.run(fn),
        backend: () => sim.backend,
      };
    },
  },
  {
    name: 'external',
    summary: 'a cluster someone else runs (--nodes host:port,...), faults through --hook-*',
    environment: (s) => realTime(() => externalBackend(s.externalNodes, s.hooks)),
  },
];

export const BACKEND_NAMES = BACKENDS.map((b) => b.name);

function entryNamed(name: string): BackendEntry {
  const entry = BACKENDS.find((b) => b.name === name);
  if (entry === undefined)
    throw new UsageError(
      `--backend must be one of: ${BACKEND_NAMES.join(', ')}; got ${JSON.stringify(name)}${didYouMean(name, BACKEND_NAMES)}`,
    );
  return entry;
}

export function backendEnvironment(name: string, settings: BackendSettings): BackendEnvironment {
  return entryNamed(name).environment(settings);
}

/** "local: OS processes ..." lines, for --help. */
export function backendHelp(): string {
  return BACKENDS.map((b) => `${b.name} (${b.summary})`).join('; ');
}
