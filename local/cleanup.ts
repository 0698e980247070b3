// Children must not outlive the controller: every node pid is tracked here,
// and on process exit, or on a signal nobody else handles, each is SIGCONTed
// (a stopped process would not die on SIGTERM) and SIGKILLed by its pid —
// never by name, since other runs share this machine.

import { onControllerExit } from '../kit/exit-hooks.ts';
import { recordChildren } from './orphans.ts';
import { sendSignal } from '../kit/signals.ts';

const live = new Set<number>();
const exitTasks = new Set<() => void>();
let installed = false;

/** Kills every tracked child now; synchronous so it also works inside 'exit'. */
export function killTrackedSync(): void {
  for (const pid of live) {
    sendSignal(pid, 'SIGCONT');
    sendSignal(pid, 'SIGKILL');
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

function install(): void {
  if (installed) return;
  installed = true;
  onControllerExit(killTrackedSync);
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

/**
 * A synchronous task for exit after the children are killed (e.g. resetting
 * clock offset files); returns a function that unregisters it.
 */
export function onExitSync(task: () => void): () => void {
  install();
  exitTasks.add(task);
  return () => exitTasks.delete(task);
}
