// The one gap the exit hooks and the watchdog leave: a controller killed by
// SIGKILL while a node is SIGSTOPped leaves that node stopped forever (it
// cannot notice its stdin closing). So every controller keeps a small record
// of its children's pids, and the next controller on this machine kills the
// children of controllers that are gone. Processes are named by pid and
// start time together, so a pid reused by something else is never touched.
import { mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendSignal } from '../kit/signals.ts';

export const ORPHAN_DIR = join(tmpdir(), 'splitbrain-children');

interface Proc {
  readonly pid: number;
  readonly start: string;
}

interface Record_ {
  readonly controller: Proc;
  readonly children: readonly Proc[];
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), or null when the pid is gone. */
export function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? null : (fields[19] ?? null);
  } catch {
    return null;
  }
}

const own = (): string => join(ORPHAN_DIR, `${process.pid}.json`);

/** Replaces this controller's record with the given live children (none: removes it). */
export function recordChildren(pids: readonly number[]): void {
  try {
    if (pids.length === 0) {
      unlinkSync(own());
      return;
    }
    const start = startTimeOf(process.pid);
    if (start === null) return;
    const children = pids.flatMap((pid) => {
      const s = startTimeOf(pid);
      return s === null ? [] : [{ pid, start: s }];
    });
    mkdirSync(ORPHAN_DIR, { recursive: true });
    const rec: Record_ = { controller: { pid: process.pid, start }, children };
    writeFileSync(own(), JSON.stringify(rec));
  } catch {
    // Only a safety net: a failure here must not fail a run.
  }
}

/** Kills the children of controllers that no longer run; returns their pids. */
export function reapOrphans(): number[] {
  let files: string[];
  try {
    files = readdirSync(ORPHAN_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const killed: number[] = [];
  for (const f of files) {
    const path = join(ORPHAN_DIR, f);
    let rec: Record_;
    try {
      rec = JSON.parse(readFileSync(path, 'utf8')) as Record_;
    } catch {
      continue;
    }
    if (startTimeOf(rec.controller.pid) === rec.controller.start) continue;
    for (const c of rec.children) {
      if (startTimeOf(c.pid) !== c.start) continue;
      sendSignal(c.pid, 'SIGCONT');
      // False when it is gone meanwhile.
      if (sendSignal(c.pid, 'SIGKILL')) killed.push(c.pid);
    }
    try {
      unlinkSync(path);
    } catch {
      // Another controller reaped it first.
    }
  }
  return killed;
}
