// Shared plumbing for the kv session checkers: pairs each client invoke with
// its completion (sessions are sequential, so the next record of the same
// process completes it), reads reads and writes as integer versions, refuses
// ops of another shape as bad input (BadOpError), and guards the version order
// every kv checker relies on (one writer per key, increasing values).
import { BadOpError, isSiblings, isWriteMicro, type Op } from '../core/history.ts';

import { AnomalyLog } from './anomaly-log.ts';
import type { CheckResult } from './checker.ts';

export { AnomalyLog };

/** One client op, invoke and completion together. */
export interface Completed {
  readonly process: number;
  readonly invoke: Op;
  readonly done: Op;
}

/**
 * A micro-op with its version: null (absent) is version 0, older than every
 * write. A read that returned siblings observed each of them; `version` is
 * the latest (the largest, since one writer counts up).
 */
export interface VersionedMicro {
  readonly key: string;
  readonly version: number;
  /** Every version a read of siblings returned, in the store's order; null for one value. */
  readonly siblings: readonly number[] | null;
}

/** The f a kv history may use; the value of each is a micro-op list. */
const KV_FS: ReadonlySet<string> = new Set(['read', 'write', 'final-read', 'txn']);
const KV_FIX =
  'the kv checkers read micro-op lists such as {"f":"read","value":[["r","k1",3]]} (README, "The history"); a read/write/cas register history is checked with --checkers linearizable-register';

/** Streams client ops and calls `onComplete` once per invoke/completion pair. */
export function pairer(onComplete: (c: Completed) => void): (op: Op) => void {
  const open = new Map<number, Op>();
  return (op) => {
    if (typeof op.process !== 'number') return;
    if (op.type === 'invoke') {
      open.set(op.process, op);
      return;
    }
    const invoke = open.get(op.process);
    if (invoke === undefined) return;
    open.delete(op.process);
    onComplete({ process: op.process, invoke, done: op });
  };
}

/**
 * pairer for the session guarantees: a final read is the harness looking at
 * each replica after the faults healed, not an op of a session, so it is read
 * for its shape but not judged (lost-writes and convergence judge it).
 */
/** The f of the reads the run takes after every fault healed (workloads/kv-generator.ts finalReads). */
export const FINAL_READ = 'final-read';

export function sessionPairer(onComplete: (c: Completed) => void): (op: Op) => void {
  return pairer((c) => {
    if (c.invoke.f === FINAL_READ) readsOf(c);
    else onComplete(c);
  });
}

/** The version a read or write micro-op names; bad input when the workload broke the integer rule. */
export function versionOf(value: unknown, key: string, op: Op): number {
  if (value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  throw new BadOpError(
    op.index,
    `the value of ${key} must be a positive integer or null (versions count up 1, 2, 3...), got ${JSON.stringify(value)}`,
    'the kv checkers order versions by integer value; a history of other values needs a linearizable-* checker',
  );
}

/** The micro-ops of a kv op, or bad input naming what is wrong with it. */
function kvMicros(op: Op): readonly (readonly [string, string, unknown])[] {
  if (!KV_FS.has(op.f)) {
    throw new BadOpError(
      op.index,
      `f ${JSON.stringify(op.f)} is not a kv op (read, write, final-read or txn)`,
      KV_FIX,
    );
  }
  const v = op.value;
  let ok = Array.isArray(v) && v.length > 0;
  // A plain loop: this runs for every op of a million-op history, in every kv checker.
  for (let i = 0; ok && i < (v as unknown[]).length; i++) {
    const m = (v as unknown[])[i];
    ok = Array.isArray(m) && m.length === 3 && typeof m[1] === 'string';
  }
  if (!ok) {
    throw new BadOpError(
      op.index,
      `a ${op.f}'s value must be a non-empty list of micro-ops, got ${JSON.stringify(v)?.slice(0, 80)}`,
      KV_FIX,
    );
  }
  return v as [string, string, unknown][];
}

function writeVersion(value: unknown, key: string, op: Op): number {
  if (value === null)
    throw new BadOpError(
      op.index,
      `it writes null to ${key}`,
      'a kv write carries the next version, 1, 2, 3...',
    );
  return versionOf(value, key, op);
}

function readVersion(value: unknown, key: string, op: Op): VersionedMicro {
  if (typeof value === 'number' || !isSiblings(value))
    return { key, version: versionOf(value, key, op), siblings: null };
  const siblings = value.siblings.map((x) => versionOf(x, key, op));
  return { key, version: Math.max(...siblings), siblings };
}

function micros(op: Op, wantRead: boolean): VersionedMicro[] {
  const out: VersionedMicro[] = [];
  const ms = kvMicros(op);
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i]!;
    const f = m[0];
    if (f === 'r' || f === 'read') {
      if (wantRead) out.push(readVersion(m[2], m[1], op));
    } else if (f === 'w' || f === 'write') {
      if (!wantRead) out.push({ key: m[1], version: writeVersion(m[2], m[1], op), siblings: null });
    } else {
      throw new BadOpError(
        op.index,
        `micro-op ${JSON.stringify(f)} on ${m[1]} is not a read or a write`,
        'list-append histories are not checked by the kv session checkers; use linearizable-kv',
      );
    }
  }
  return out;
}

/** Reads an ok op returned (from its completion's value). Empty for other outcomes. */
export function readsOf(c: Completed): VersionedMicro[] {
  if (c.done.type !== 'ok') return [];
  const reads = micros(c.done, true);
  if (c.done.value !== c.invoke.value) sameKeys(c.invoke, c.done);
  return reads;
}

/** An ok completion answers its own invocation: the same micro-ops on the same keys. */
function sameKeys(invoke: Op, done: Op): void {
  // Both values were read by micros already (the invocation when it was invoked).
  const a = invoke.value as readonly (readonly unknown[])[];
  const b = done.value as readonly (readonly unknown[])[];
  let same = Array.isArray(a) && a.length === b.length;
  for (let i = 0; same && i < b.length; i++) same = a[i]![0] === b[i]![0] && a[i]![1] === b[i]![1];
  if (same) return;
  throw new BadOpError(
    done.index,
    `its micro-ops ${JSON.stringify(b.map((m) => [m[0], m[1]]))} do not answer its invocation's (op ${invoke.index})`,
    'a completion carries the same micro-ops as its invocation, with the values read filled in',
  );
}

/** Writes an op attempted (from its invoke, which always carries the value). */
export function writesOf(c: Completed): VersionedMicro[] {
  return micros(c.invoke, false);
}

/**
 * Feeds an invocation's writes to the version order (without building them:
 * this runs on every op); on a key that breaks it, the log forgets that key.
 */
export function orderWrites(op: Op, order: VersionOrder, log: AnomalyLog | null): void {
  if (op.type !== 'invoke' || typeof op.process !== 'number') return;
  const ms = kvMicros(op);
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i]!;
    if (!isWriteMicro(m[0])) continue;
    const v = writeVersion(m[2], m[1], op);
    if (order.write(op.process, m[1], v, op.index) !== null) log?.dropKey(m[1]);
  }
}

/** Writes known when the op is invoked, for checkers that need them before completion. */
export function invokedWrites(op: Op): VersionedMicro[] {
  return micros(op, false);
}

/** Seconds with two decimals, for explanations. */
export function secs(timeNs: number): string {
  return `${(timeNs / 1e9).toFixed(2)} s`;
}

/** How a version reads in a sentence. */
export function shown(version: number): string {
  return version === 0 ? 'nothing (key absent)' : String(version);
}

/** How a read of a key reads in a sentence: its value, or its siblings. */
export function shownRead(r: VersionedMicro): string {
  return r.siblings === null ? shown(r.version) : `siblings [${r.siblings.join(', ')}]`;
}

/**
 * The version order the kv checkers rely on: each key has one writer whose
 * values increase, so a larger value is a later version. A key that breaks it
 * has no known order; checkers judge no read of it and say so (unknown).
 */
export class VersionOrder {
  private readonly writer = new Map<string, { process: number; version: number; op: number }>();
  /** Keys without a known order, with the first reason. */
  readonly broken = new Map<string, string>();

  /** Takes in an invoked write; returns the reason when this write breaks the key's order. */
  write(process: number, key: string, version: number, op: number): string | null {
    const w = this.writer.get(key);
    if (w === undefined) {
      this.writer.set(key, { process, version, op });
      return null;
    }
    if (w.process === process && version > w.version) {
      // The common case: the key's one writer counting up. Updated in place, no allocation.
      w.version = version;
      w.op = op;
      return null;
    }
    if (this.broken.has(key)) return null;
    const reason =
      w.process !== process
        ? `${key} is written by processes ${w.process} (op ${w.op}) and ${process} (op ${op})`
        : `process ${process} wrote ${version} to ${key} (op ${op}) after ${w.version} (op ${w.op})`;
    this.broken.set(key, reason);
    return reason;
  }

  /** Unknown's reason when some keys had no order, or null. */
  unknownReason(checker: string): string | null {
    if (this.broken.size === 0) return null;
    const [first] = this.broken.values();
    const more = this.broken.size > 1 ? ` (and ${this.broken.size - 1} more keys)` : '';
    return `${first}${more}: ${checker} needs one writer per key with increasing values to order versions, so reads of those keys were not judged`;
  }
}

/**
 * A kv checker's verdict: invalid when it kept an anomaly (those on keys
 * without an order were dropped), else unknown for the first reason given
 * (keys without an order, nothing to judge), else valid.
 */
export function verdict(
  log: AnomalyLog,
  stats: CheckResult['stats'],
  ...unknownReasons: (string | null)[]
): CheckResult {
  const part = log.result();
  if (log.count > 0) return { valid: false, ...part, stats };
  const error = unknownReasons.find((r) => r !== null);
  if (error !== undefined && error !== null) return { valid: 'unknown', ...part, stats, error };
  return { valid: true, ...part, stats };
}
