// `splitbrain doctor`: which faults each backend can deliver on this machine,
// and why not the others; `--cleanup` removes what a crashed run left behind.
import { cleanupDocker } from '../../docker/index.ts';
import { doctorReport } from '../../nemesis/index.ts';
import { backendFor } from '../backends.ts';
import { BACKENDS } from '../config.ts';
import { installedReport } from '../../systems/installed.ts';

export async function runDoctorCommand(args: Record<string, unknown>): Promise<void> {
  const backends = BACKENDS.map((name) => backendFor(name));
  process.stdout.write(doctorReport(backends) + '\n');
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
