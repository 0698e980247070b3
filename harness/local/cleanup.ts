// Children must not outlive the controller: every node pid is tracked here,
// and on process exit, or on a signal nobody else handles, each is SIGCONTed
// (a stopped process would not die on SIGTERM) and SIGKILLed by its pid —
// never by name, since other runs share this machine.

import { recordChildren } from './orphans.ts';

const live = new Set<number>();
const exitTasks = new Set<() => void>();
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

/** Kills every tracked child now; synchronous so it also works inside 'exit'. */
export function killTrackedSync(): void {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone: nothing to clean up.
    }
  }
  live.clear();
  recordChildren([]);
  for (const task of exitTasks) {
    try {
      task();
    } catch {
      // Best effort at exit: one failed task must not stop the others.
    }
  }
  exitTasks.clear();
}

function onSignal(sig: NodeJS.Signals): void {
  // Someone else (e.g. the CLI) handles this signal and will tear the cluster
  // down itself; its eventual exit still runs the 'exit' hook below.
  if (process.listenerCount(sig) > 1) return;
  killTrackedSync();
  for (const s of signals) process.removeListener(s, onSignal);
  // Re-raise so the controller ends with the usual status for the signal.
  process.kill(process.pid, sig);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killTrackedSync);
  for (const s of signals) process.on(s, onSignal);
}

export function trackChild(pid: number): void {
  install();
  live.add(pid);
  recordChildren([...live]);
}

export function untrackChild(pid: number): void {
  live.delete(pid);
  recordChildren([...live]);
}

export function trackedChildren(): readonly number[] {
  return [...live];
}

/**
 * A synchronous task for exit after the children are killed (e.g. resetting
 * clock offset files); returns a function that unregisters it.
 */
export function onExitSync(task: () => void): () => void {
  install();
  exitTasks.add(task);
  return () => exitTasks.delete(task);
}
