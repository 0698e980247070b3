// Monotonic reads (Terry et al. 1994): a session's successive reads of a key
// return non-decreasing versions. Only reads count: a session's own writes
// are read-your-writes' business.
import type { Checker, CheckPass } from './checker.ts';
import { AnomalyLog, sessionPairer, readsOf, secs, shown, type Completed } from './kv-session.ts';

interface Seen {
  readonly version: number;
  readonly index: number;
  readonly timeNs: number;
}

function start(): CheckPass {
  const sessions = new Map<number, Map<string, Seen>>();
  const log = new AnomalyLog();
  let readsChecked = 0;

  const onComplete = (c: Completed): void => {
    const reads = readsOf(c);
    if (reads.length === 0) return;
    let seen = sessions.get(c.process);
    if (seen === undefined) sessions.set(c.process, (seen = new Map()));
    for (const r of reads) {
      readsChecked++;
      const prev = seen.get(r.key);
      if (prev === undefined || prev.version < r.version) {
        seen.set(r.key, { version: r.version, index: c.done.index, timeNs: c.invoke.time });
        continue;
      }
      if (r.version < prev.version && prev.index !== c.done.index) {
        log.add(
          'non-monotonic-read',
          [prev.index, c.done.index],
          `process ${c.process} read ${r.key} at ${secs(prev.timeNs)} (op ${prev.index}) and got ${shown(prev.version)}, then read it again at ${secs(c.invoke.time)} (op ${c.done.index}) and got ${shown(r.version)}, an older value`,
        );
      } else if (r.version < prev.version) {
        log.add(
          'non-monotonic-read',
          [c.done.index],
          `process ${c.process} read ${r.key} twice in one op at ${secs(c.invoke.time)} (op ${c.done.index}) and got ${shown(prev.version)} then ${shown(r.version)}, an older value`,
        );
      }
    }
  };

  return {
    step: sessionPairer(onComplete),
    finish: () => ({
      valid: log.count === 0,
      anomalies: log.kept,
      stats: { readsChecked, sessions: sessions.size, anomalies: log.count },
    }),
  };
}

export const monotonicReads: Checker = {
  id: 'monotonic-reads',
  description: "a session's successive reads of a key never return an older version",
  start,
};
