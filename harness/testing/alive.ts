// Whether a process the tests started still runs, read from /proc.
import { existsSync, readdirSync } from 'node:fs';
import { procState } from '../../kit/signals.ts';

/**
 * A process is gone once none of its threads runs: the main thread can be a
 * zombie while the others are still closing the process's sockets, and an
 * exited child its parent has not reaped yet is a zombie too. Each thread id
 * has its own /proc/<tid>/stat, which procState reads.
 */
export function alive(pid: number): boolean {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return false;
  return readdirSync(tasks).some((t) => {
    const state = procState(Number(t));
    return state !== null && state !== 'Z' && state !== 'X';
  });
}
