// Cleanup that must run however the controller ends: on exit, and on a
// SIGINT/SIGTERM/SIGHUP that nobody else handles (a handler of the CLI's own
// heals and reads first, then takes the cluster down; its exit still runs
// these tasks). Every backend registers here, so there is one signal handler:
// two handlers would each count the other as "somebody else" and neither
// would clean up.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const tasks = new Set<() => void>();
let installed = false;

/** Runs every task now, in the order registered; one that throws does not stop the rest. */
export function runExitTasksSync(): void {
  for (const task of [...tasks]) {
    try {
      task();
    } catch {
      // Best effort at exit: one failed task must not stop the others.
    }
  }
}

function onSignal(sig: NodeJS.Signals): void {
  if (process.listenerCount(sig) > 1) return;
  runExitTasksSync();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  // Re-raise so the controller ends with the usual status for the signal.
  process.kill(process.pid, sig);
}

/**
 * Registers a synchronous task (it may run inside 'exit', where nothing async
 * completes) for the controller's end; returns a function that unregisters it.
 */
export function onControllerExit(task: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runExitTasksSync);
    for (const s of SIGNALS) process.on(s, onSignal);
  }
  tasks.add(task);
  return () => tasks.delete(task);
}
