// `splitbrain doctor`: which faults each backend can deliver on this machine
// (for our store), which systems' servers are installed, and with
// `--cleanup` removes what a crashed run left behind.
import { realClock } from '../../core/clock.ts';
import { cleanupDocker } from '../../docker/index.ts';
import { doctorReport } from '../../nemesis/index.ts';
import { SYSTEMS, systemNamed } from '../../systems/index.ts';
import { BACKEND_NAMES, backendEnvironment } from '../backends.ts';
import type { CommandModule } from './command.ts';
import { VERSION } from '../version.ts';

/** One line per system that runs a server of this machine's packages. */
function installedReport(): string {
  const lines = SYSTEMS.flatMap((s) => {
    if (!s.installed) return [];
    const i = s.installed();
    return [`  ${i.installed ? 'yes' : 'no '} ${s.name.padEnd(9)} ${i.detail}`];
  });
  return ['servers for --system:', ...lines].join('\n');
}

/** Each backend as it would run our store, asked only what it can deliver. */
function storeBackends() {
  const store = systemNamed('store');
  const settings = { backend: 'local', workload: 'kv', readFrom: 'any', nodeCount: 3, options: {} };
  const { launcher } = store.setUp(settings, realClock());
  const env = { seed: 0, timeLimitS: 0, clockVia: 'auto', externalNodes: [], hooks: {} } as const;
  return BACKEND_NAMES.map((name) => backendEnvironment(name, env).backend(launcher));
}

async function runDoctorCommand(args: Record<string, unknown>): Promise<void> {
  // bin/splitbrain.js says where this process started from: the bundle, or the sources and why.
  const started = process.env.SPLITBRAIN_STARTED_FROM ?? 'sources (not through bin/splitbrain.js)';
  process.stdout.write(`splitbrain ${VERSION} started from ${started}\n`);
  process.stdout.write(doctorReport(storeBackends()) + '\n');
  process.stdout.write(installedReport() + '\n');
  if (args.cleanup === true) {
    try {
      const r = await cleanupDocker();
      process.stdout.write(
        `docker cleanup: removed ${r.containers.length} container(s), ${r.networks.length} network(s)\n`,
      );
    } catch (err) {
      process.stdout.write(`docker cleanup skipped: ${(err as Error).message}\n`);
    }
  }
}

export const command: CommandModule = {
  builder: (c) =>
    c.option('cleanup', {
      type: 'boolean',
      default: false,
      describe: 'remove containers and networks a crashed run left',
    }),
  handler: runDoctorCommand,
};
