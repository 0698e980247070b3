// Lost and phantom writes, judged against the final reads taken after the
// faults heal. Lost: an acknowledged write that no final read shows, nor any
// later version of its key (which would explain it). Also the converse
// failures: a read returning a value whose write failed, or that no one had
// written. A read of siblings observed each of them. Without final reads, or
// without acknowledged writes, there is no evidence either way: unknown; keys
// without one writer counting up cannot be judged (unknown unless an anomaly
// on another key settles it).
import type { Checker, CheckPass, CheckResult } from './checker.ts';
import { isClientOp, type Op } from '../core/history.ts';
import { IntVec } from './int-vec.ts';
import {
  AnomalyLog,
  pairer,
  readsOf,
  secs,
  writesOf,
  invokedWrites,
  verdict,
  VersionOrder,
  type Completed,
} from './kv-session.ts';

interface KeyState {
  /** Highest version invoked so far: reads above it return something never written. */
  invoked: number;
  readonly ackedVersion: IntVec;
  readonly ackedOp: IntVec;
  readonly ackedProcess: IntVec;
  readonly ackedTimeNs: number[];
  /** Versions whose write failed, with the failing op. */
  readonly failed: Map<number, number>;
  /** Reads of versions whose write had not completed yet, to check if it later fails. */
  readonly pendingReads: Map<number, number>;
  finalMax: number;
  readonly finalOps: number[];
}

/** Logs one lost-write anomaly per key whose acknowledged writes the final reads do not show. */
function reportLost(
  keys: ReadonlyMap<string, KeyState>,
  log: AnomalyLog,
): { lost: number; acked: number; unread: string[] } {
  let lost = 0;
  let acked = 0;
  const unread: string[] = [];
  for (const [key, s] of keys) {
    acked += s.ackedVersion.length;
    if (s.ackedVersion.length > 0 && s.finalOps.length === 0) unread.push(key);
    const lostHere: number[] = [];
    for (let i = 0; i < s.ackedVersion.length; i++)
      if (s.ackedVersion.get(i) > s.finalMax) lostHere.push(i);
    if (lostHere.length === 0 || s.finalOps.length === 0) continue;
    lost += lostHere.length;
    const i = lostHere[0]!;
    const more =
      lostHere.length > 1
        ? `, and so were ${lostHere.length - 1} later acknowledged writes to it`
        : '';
    log.add(
      'lost-write',
      [s.ackedOp.get(i), ...s.finalOps],
      `process ${s.ackedProcess.get(i)} wrote ${s.ackedVersion.get(i)} to ${key} (op ${s.ackedOp.get(i)}, ok at ${secs(s.ackedTimeNs[i]!)}) but the final reads (ops ${s.finalOps.join(', ')}) returned at most ${s.finalMax === 0 ? 'nothing' : s.finalMax} for ${key}${more}`,
      key,
    );
  }
  return { lost, acked, unread };
}

function newKeyState(): KeyState {
  return {
    invoked: 0,
    ackedVersion: new IntVec(),
    ackedOp: new IntVec(),
    ackedProcess: new IntVec(),
    ackedTimeNs: [],
    failed: new Map(),
    pendingReads: new Map(),
    finalMax: 0,
    finalOps: [],
  };
}

/** One pass: per key, what was invoked, acknowledged, failed and finally read. */
class LostWritesPass implements CheckPass {
  private readonly keys = new Map<string, KeyState>();
  private readonly log = new AnomalyLog();
  private readonly order = new VersionOrder();
  private readonly completedVersion = new Map<string, number>();
  private readonly complete = pairer((c) => this.onComplete(c));
  private finalReads = 0;
  private readsChecked = 0;

  step(op: Op): void {
    if (op.type === 'invoke' && isClientOp(op)) {
      for (const w of invokedWrites(op)) {
        if (this.order.write(op.process, w.key, w.version, op.index) !== null)
          this.log.dropKey(w.key);
        const s = this.keyOf(w.key);
        s.invoked = Math.max(s.invoked, w.version);
      }
    }
    this.complete(op);
  }

  finish(): CheckResult {
    for (const key of this.order.broken.keys()) this.keys.delete(key);
    const { lost, acked, unread } = reportLost(this.keys, this.log);
    const stats = {
      writesAcknowledged: acked,
      lostWrites: lost,
      finalReads: this.finalReads,
      readsChecked: this.readsChecked,
      keysWithoutOrder: this.order.broken.size,
      keysNotFinalRead: unread.length,
      anomalies: this.log.count,
    };
    return verdict(
      this.log,
      stats,
      this.order.unknownReason('lost-writes'),
      this.finalReads === 0
        ? 'nothing checked: no final-read ops in the history, so nothing shows which writes survived'
        : null,
      acked === 0 ? 'nothing checked: no acknowledged write to look for in the final reads' : null,
      unread.length > 0
        ? `no final read covers ${unread.length} key(s) with acknowledged writes (${unread.slice(0, 3).join(', ')}${unread.length > 3 ? ', ...' : ''}), so whether those writes survived is not known`
        : null,
    );
  }

  private keyOf(k: string): KeyState {
    let s = this.keys.get(k);
    if (s === undefined) this.keys.set(k, (s = newKeyState()));
    return s;
  }

  private failedSeen(key: string, version: number, failOp: number, readOp: number): void {
    this.log.add(
      'failed-write-visible',
      [failOp, readOp],
      `the write of ${version} to ${key} failed (op ${failOp}) yet a read (op ${readOp}) returned it`,
      key,
    );
  }

  private onComplete(c: Completed): void {
    this.onRead(c);
    for (const w of writesOf(c)) {
      const s = this.keyOf(w.key);
      const done = Math.max(this.completedVersion.get(w.key) ?? 0, w.version);
      this.completedVersion.set(w.key, done);
      const readOp = s.pendingReads.get(w.version);
      s.pendingReads.delete(w.version);
      if (c.done.type === 'ok') {
        s.ackedVersion.push(w.version);
        s.ackedOp.push(c.done.index);
        s.ackedProcess.push(c.process);
        s.ackedTimeNs.push(c.done.time);
      } else if (c.done.type === 'fail') {
        s.failed.set(w.version, c.done.index);
        if (readOp !== undefined) this.failedSeen(w.key, w.version, c.done.index, readOp);
      }
    }
  }

  private onRead(c: Completed): void {
    const isFinal = c.invoke.f === 'final-read';
    if (isFinal && c.done.type === 'ok') this.finalReads++;
    for (const r of readsOf(c)) {
      this.readsChecked++;
      if (this.order.broken.has(r.key)) continue;
      const s = this.keyOf(r.key);
      for (const version of r.siblings ?? [r.version]) this.judgeReadVersion(c, r.key, s, version);
      if (isFinal) {
        s.finalMax = Math.max(s.finalMax, r.version);
        s.finalOps.push(c.done.index);
      }
    }
  }

  /** A version read must have been invoked, must not have failed, and is remembered until its write completes. */
  private judgeReadVersion(c: Completed, key: string, s: KeyState, version: number): void {
    if (version > s.invoked) {
      this.log.add(
        'phantom-read',
        [c.done.index],
        `process ${c.process} read ${key} at ${secs(c.invoke.time)} (op ${c.done.index}) and got ${version}, a value no one had tried to write by then`,
        key,
      );
    }
    const failOp = s.failed.get(version);
    if (failOp !== undefined) this.failedSeen(key, version, failOp, c.done.index);
    else if (version > (this.completedVersion.get(key) ?? 0))
      s.pendingReads.set(version, c.done.index);
  }
}

export const lostWrites: Checker = {
  id: 'lost-writes',
  description:
    'every acknowledged write survives into the final reads; no read returns a failed or unwritten value',
  start: () => new LostWritesPass(),
};
