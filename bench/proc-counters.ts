// What a process has used so far, read from Linux's /proc: CPU time and
// write-type system calls (write, writev, pwrite: `syscw` in /proc/<pid>/io).
// A bench takes the difference over a round; elsewhere than Linux, null.
import { readFileSync } from 'node:fs';

export interface ProcCounters {
  readonly cpuMs: number;
  readonly writeSyscalls: number;
}

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/** pid's counters (all its threads), or null when /proc cannot tell (not Linux, process gone). */
export function procCounters(pid: number | 'self'): ProcCounters | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const io = /^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    if (io === null || !Number.isFinite(ticks)) return null;
    return { cpuMs: (ticks * 1000) / TICKS_PER_S, writeSyscalls: Number(io[1]) };
  } catch {
    return null;
  }
}

/** Counters summed over pids, or null if any one cannot be read. */
export function sumCounters(pids: readonly number[]): ProcCounters | null {
  let cpuMs = 0;
  let writeSyscalls = 0;
  for (const pid of pids) {
    const c = procCounters(pid);
    if (c === null) return null;
    cpuMs += c.cpuMs;
    writeSyscalls += c.writeSyscalls;
  }
  return { cpuMs, writeSyscalls };
}

/** after − before, or null when either is unknown. */
export function counterDelta(
  before: ProcCounters | null,
  after: ProcCounters | null,
): ProcCounters | null {
  if (before === null || after === null) return null;
  return {
    cpuMs: after.cpuMs - before.cpuMs,
    writeSyscalls: after.writeSyscalls - before.writeSyscalls,
  };
}
