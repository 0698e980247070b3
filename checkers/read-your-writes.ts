// Read your writes (Terry et al. 1994): a read of key k by a session, after
// that session's acknowledged write of version v to k, returns v or later.
// An info write is not acknowledged, but once the session reads its value the
// write has certainly happened, so it counts from then on. A read of
// siblings holds if some sibling is v or later. Versions are ordered only on
// keys with one writer counting up (VersionOrder); reads of other keys are not
// judged, and a history with no read after the session's own write is unknown.
import type { Checker, CheckPass, CheckResult } from './checker.ts';
import type { Op } from '../core/history.ts';
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
  type VersionedMicro,
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

/** One pass: per session, the writes it knows took effect and those that may have. */
class ReadYourWritesPass implements CheckPass {
  private readonly sessions = new Map<number, Session>();
  private readonly log = new AnomalyLog();
  private readonly order = new VersionOrder();
  private readonly complete = sessionPairer((c) => this.onComplete(c));
  private readsChecked = 0;
  private readsJudged = 0;
  private writesAcknowledged = 0;

  step(op: Op): void {
    orderWrites(op, this.order, this.log);
    this.complete(op);
  }

  finish(): CheckResult {
    const stats = {
      readsChecked: this.readsChecked,
      readsJudged: this.readsJudged,
      writesAcknowledged: this.writesAcknowledged,
      sessions: this.sessions.size,
      keysWithoutOrder: this.order.broken.size,
      anomalies: this.log.count,
    };
    return verdict(
      this.log,
      stats,
      this.order.unknownReason('read-your-writes'),
      this.readsJudged === 0
        ? `nothing checked: no ok read of a key followed its own session's acknowledged write of that key (${this.readsChecked} reads, ${this.writesAcknowledged} acknowledged writes)`
        : null,
    );
  }

  private sessionOf(p: number): Session {
    let s = this.sessions.get(p);
    if (s === undefined) this.sessions.set(p, (s = { known: new Map(), maybe: new Map() }));
    return s;
  }

  private onComplete(c: Completed): void {
    const s = this.sessionOf(c.process);
    for (const r of readsOf(c)) this.onRead(c, s, r);
    for (const w of writesOf(c)) {
      const prev = s.known.get(w.key);
      if (c.done.type === 'ok') {
        this.writesAcknowledged++;
        if (prev === undefined || prev.version < w.version) {
          const known = { version: w.version, index: c.done.index, timeNs: c.done.time };
          s.known.set(w.key, { ...known, acked: true });
        }
      } else if (c.done.type === 'info') {
        s.maybe.set(w.key, { version: w.version, index: c.done.index });
      }
    }
  }

  /** Judges one read against the session's own writes; reading back an info write makes it known. */
  private onRead(c: Completed, s: Session, r: VersionedMicro): void {
    this.readsChecked++;
    if (this.order.broken.has(r.key)) return;
    const own = s.known.get(r.key);
    if (own !== undefined) this.readsJudged++;
    if (own !== undefined && r.version < own.version) {
      this.log.add(
        'stale-read',
        [own.index, c.done.index],
        `process ${c.process} ${proof(r.key, own)} then read ${r.key} at ${secs(c.invoke.time)} (op ${c.done.index}) and got ${shownRead(r)}, an older value`,
        r.key,
      );
    }
    const m = s.maybe.get(r.key);
    if (m === undefined || r.version < m.version) return;
    if (own !== undefined && own.version >= m.version) return;
    s.known.set(r.key, {
      version: m.version,
      index: c.done.index,
      timeNs: c.done.time,
      acked: false,
    });
  }
}

export const readYourWrites: Checker = {
  id: 'read-your-writes',
  description:
    "after a session's acknowledged write to a key, its reads of that key return that version or a later one",
  start: () => new ReadYourWritesPass(),
};
