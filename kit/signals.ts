// Signals to processes we started, by pid (or by the process group we made
// them lead), never by name. A process that is already gone is not an error:
// the caller learns it from the result.
import { readFileSync } from 'node:fs';

/** Sends sig to pid, or to its whole group when group; false when there is no such process. */
export function sendSignal(pid: number | null, sig: NodeJS.Signals, group = false): boolean {
  if (pid === null) return false;
  try {
    process.kill(group ? -pid : pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** Whether p settles within ms; the timer is cleared either way, so it keeps nothing alive. */
export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    p.then(
      () => true,
      () => true,
    ),
    new Promise<false>((r) => (timer = setTimeout(() => r(false), ms))),
  ]);
  clearTimeout(timer);
  return settled;
}

/** The state letter of /proc/<pid>/stat (R, S, T...), or null when it cannot be read. */
export function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces; the state follows it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}
