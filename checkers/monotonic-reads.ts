// Monotonic reads (Terry et al. 1994): a session's successive reads of a key
// return non-decreasing versions. Only reads count: a session's own writes
// are read-your-writes' business. A read of siblings counts as its latest
// version. Versions are ordered only on keys with one writer counting up;
// reads of other keys are not judged (unknown), and a history in which no
// session read a key twice has nothing to judge (unknown).
import type { Checker, CheckPass } from './checker.ts';
import {
  AnomalyLog,
  orderWrites,
  sessionPairer,
  readsOf,
  secs,
  shown,
  shownRead,
  verdict,
  VersionOrder,
  type Completed,
} from './kv-session.ts';

interface Seen {
  readonly version: number;
  readonly index: number;
  readonly timeNs: number;
}

function start(): CheckPass {
  const sessions = new Map<number, Map<string, Seen>>();
  const log = new AnomalyLog();
  const order = new VersionOrder();
  let readsChecked = 0;
  let readsJudged = 0;

  const onComplete = (c: Completed): void => {
    const reads = readsOf(c);
    if (reads.length === 0) return;
    let seen = sessions.get(c.process);
    if (seen === undefined) sessions.set(c.process, (seen = new Map()));
    for (const r of reads) {
      readsChecked++;
      if (order.broken.has(r.key)) continue;
      const prev = seen.get(r.key);
      if (prev !== undefined) readsJudged++;
      if (prev === undefined || prev.version < r.version) {
        seen.set(r.key, { version: r.version, index: c.done.index, timeNs: c.invoke.time });
        continue;
      }
      if (r.version < prev.version && prev.index !== c.done.index) {
        log.add(
          'non-monotonic-read',
          [prev.index, c.done.index],
          `process ${c.process} read ${r.key} at ${secs(prev.timeNs)} (op ${prev.index}) and got ${shown(prev.version)}, then read it again at ${secs(c.invoke.time)} (op ${c.done.index}) and got ${shownRead(r)}, an older value`,
          r.key,
        );
      } else if (r.version < prev.version) {
        log.add(
          'non-monotonic-read',
          [c.done.index],
          `process ${c.process} read ${r.key} twice in one op at ${secs(c.invoke.time)} (op ${c.done.index}) and got ${shown(prev.version)} then ${shownRead(r)}, an older value`,
          r.key,
        );
      }
    }
  };

  const complete = sessionPairer(onComplete);
  return {
    step(op) {
      orderWrites(op, order, log);
      complete(op);
    },
    finish: () =>
      verdict(
        log,
        {
          readsChecked,
          readsJudged,
          sessions: sessions.size,
          keysWithoutOrder: order.broken.size,
          anomalies: log.count,
        },
        order.unknownReason('monotonic-reads'),
        readsJudged === 0
          ? `nothing checked: no session read a key it had read before (${readsChecked} reads)`
          : null,
      ),
  };
}

export const monotonicReads: Checker = {
  id: 'monotonic-reads',
  description: "a session's successive reads of a key never return an older version",
  start,
};
