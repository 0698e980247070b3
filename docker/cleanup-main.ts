// Removes the given runs' labelled resources; run by cleanup.ts's exit hook
// in a child process, because an exiting process cannot wait for the API.
import { cleanupDocker } from './cleanup.ts';

for (const runId of process.argv.slice(2)) {
  await cleanupDocker({ runId }).catch((err: Error) => {
    process.stderr.write(`splitbrain: cleanup of Docker run ${runId} failed: ${err.message}\n`);
    process.exitCode = 1;
  });
}
