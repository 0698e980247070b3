// Nothing labelled may outlive a run. Containers are not our children, so a
// dying controller does not take them along: down() removes a run's
// resources, an 'exit' hook removes them when down() never ran (the CLI's
// second Ctrl-C exits at once), and cleanupDocker() — `splitbrain doctor
// --cleanup` — removes whatever a SIGKILLed controller left. Only resources
// carrying our labels are touched; iptables rules live inside the containers'
// namespaces and go with them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type Dockerode from 'dockerode';
import { onControllerExit } from '../kit/exit-hooks.ts';
import { connect, isNotFound, LABEL, RUN_LABEL } from './engine.ts';

export interface CleanupReport {
  /** Names of the containers removed. */
  readonly containers: readonly string[];
  /** Names of the networks removed. */
  readonly networks: readonly string[];
}

export interface CleanupOptions {
  /** Only this run's resources; every splitbrain run's when absent. */
  readonly runId?: string;
  readonly docker?: Dockerode;
}

function labelFilter(runId: string | undefined): { label: string[] } {
  return { label: runId === undefined ? [`${LABEL}=1`] : [`${RUN_LABEL}=${runId}`] };
}

/** Removes labelled containers (running, paused or not), then labelled networks. */
export async function cleanupDocker(opts: CleanupOptions = {}): Promise<CleanupReport> {
  const docker = opts.docker ?? connect();
  const filters = labelFilter(opts.runId);
  const containers = await docker.listContainers({ all: true, filters });
  const removedContainers = await Promise.all(
    containers.map(async (c) => {
      try {
        await docker.getContainer(c.Id).remove({ force: true, v: true });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return (c.Names[0] ?? c.Id).replace(/^\//, '');
    }),
  );
  const networks = await docker.listNetworks({ filters });
  const removedNetworks: string[] = [];
  for (const n of networks) {
    try {
      await docker.getNetwork(n.Id).remove();
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    removedNetworks.push(n.Name);
  }
  return { containers: removedContainers, networks: removedNetworks };
}

/** What is left with our labels, without removing it (doctor, tests). */
export async function leftovers(opts: CleanupOptions = {}): Promise<CleanupReport> {
  const docker = opts.docker ?? connect();
  const filters = labelFilter(opts.runId);
  const containers = await docker.listContainers({ all: true, filters });
  const networks = await docker.listNetworks({ filters });
  return {
    containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')),
    networks: networks.map((n) => n.Name),
  };
}

const liveRuns = new Set<string>();
let hookInstalled = false;
const CLEANUP_ENTRY = fileURLToPath(new URL('./cleanup-main.ts', import.meta.url));

/** Synchronous, so it works inside 'exit': a child process does the async API calls. */
function cleanupLiveRunsSync(): void {
  if (liveRuns.size === 0) return;
  spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), CLEANUP_ENTRY, ...liveRuns],
    {
      stdio: 'ignore',
      timeout: 60_000,
    },
  );
  liveRuns.clear();
}

/** Marks a run as having resources up until untrackRun; installs the hooks once. */
export function trackRun(runId: string): void {
  if (!hookInstalled) {
    hookInstalled = true;
    onControllerExit(cleanupLiveRunsSync);
  }
  liveRuns.add(runId);
}

export function untrackRun(runId: string): void {
  liveRuns.delete(runId);
}
