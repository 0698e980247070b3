// Read your writes (Terry et al. 1994): a read of key k by a session, after
// that session's acknowledged write of version v to k, returns v or later.
// An info write is not acknowledged, but once the session reads its value the
// write has certainly happened, so it counts from then on. A read of
// siblings holds if some sibling is v or later. Versions are ordered only on
// keys with one writer counting up (VersionOrder); reads of other keys are not
// judged, and a history with no read after the session's own write is unknown.
import type { Checker, CheckPass } from './checker.ts';
import {
  AnomalyLog,
  orderWrites,
  sessionPairer,
  readsOf,
  secs,
  shownRead,
  verdict,
  VersionOrder,
  writesOf,
  type Completed,
} from './kv-session.ts';

interface OwnWrite {
  readonly version: number;
  /** Index of the op that proves the session knows of it (the ok, or the read that saw it). */
  readonly index: number;
  readonly timeNs: number;
  /** False when an info write was later read back by the session. */
  readonly acked: boolean;
}

function proof(key: string, w: OwnWrite): string {
  return w.acked
    ? `wrote ${w.version} to ${key} (op ${w.index}, ok at ${secs(w.timeNs)})`
    : `read back its unacknowledged write of ${w.version} to ${key} (op ${w.index}, at ${secs(w.timeNs)})`;
}

interface Session {
  /** Newest write per key the session knows took effect. */
  readonly known: Map<string, OwnWrite>;
  /** Newest info write per key: it may or may not have happened. */
  readonly maybe: Map<string, { version: number; index: number }>;
}

function start(): CheckPass {
  const sessions = new Map<number, Session>();
  const log = new AnomalyLog();
  const order = new VersionOrder();
  let readsChecked = 0;
  let readsJudged = 0;
  let writesAcknowledged = 0;

  const sessionOf = (p: number): Session => {
    let s = sessions.get(p);
    if (s === undefined) sessions.set(p, (s = { known: new Map(), maybe: new Map() }));
    return s;
  };

  const onRead = (c: Completed, s: Session): void => {
    for (const r of readsOf(c)) {
      readsChecked++;
      if (order.broken.has(r.key)) continue;
      const own = s.known.get(r.key);
      if (own !== undefined) readsJudged++;
      if (own !== undefined && r.version < own.version) {
        log.add(
          'stale-read',
          [own.index, c.done.index],
          `process ${c.process} ${proof(r.key, own)} then read ${r.key} at ${secs(c.invoke.time)} (op ${c.done.index}) and got ${shownRead(r)}, an older value`,
          r.key,
        );
      }
      const m = s.maybe.get(r.key);
      if (
        m !== undefined &&
        r.version >= m.version &&
        (own === undefined || own.version < m.version)
      ) {
        s.known.set(r.key, {
          version: m.version,
          index: c.done.index,
          timeNs: c.done.time,
          acked: false,
        });
      }
    }
  };

  const onComplete = (c: Completed): void => {
    const s = sessionOf(c.process);
    onRead(c, s);
    for (const w of writesOf(c)) {
      const prev = s.known.get(w.key);
      if (c.done.type === 'ok') {
        writesAcknowledged++;
        if (prev === undefined || prev.version < w.version) {
          s.known.set(w.key, {
            version: w.version,
            index: c.done.index,
            timeNs: c.done.time,
            acked: true,
          });
        }
      } else if (c.done.type === 'info') {
        s.maybe.set(w.key, { version: w.version, index: c.done.index });
      }
    }
  };

  const complete = sessionPairer(onComplete);
  return {
    step(op) {
      orderWrites(op, order, log);
      complete(op);
    },
    finish: () => {
      const stats = {
        readsChecked,
        readsJudged,
        writesAcknowledged,
        sessions: sessions.size,
        keysWithoutOrder: order.broken.size,
        anomalies: log.count,
      };
      return verdict(
        log,
        stats,
        order.unknownReason('read-your-writes'),
        readsJudged === 0
          ? `nothing checked: no ok read of a key followed its own session's acknowledged write of that key (${readsChecked} reads, ${writesAcknowledged} acknowledged writes)`
          : null,
      );
    },
  };
}

export const readYourWrites: Checker = {
  id: 'read-your-writes',
  description:
    "after a session's acknowledged write to a key, its reads of that key return that version or a later one",
  start,
};
