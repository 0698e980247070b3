// Whether a process the tests started still runs, read from /proc.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * A process is gone once none of its threads runs: the main thread can be a
 * zombie while the others are still closing the process's sockets, and an
 * exited child its parent has not reaped yet is a zombie too.
 */
export function alive(pid: number): boolean {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return false;
  return readdirSync(tasks).some((t) => {
    try {
      const stat = readFileSync(`${tasks}/${t}/stat`, 'utf8');
      // The command name in parentheses may hold spaces; the state follows it.
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  });
}
