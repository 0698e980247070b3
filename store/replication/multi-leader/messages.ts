// What multi-leader nodes send each other and keep on disk. A change is one
// accepted write as it travels: its origin and sequence number name it (so
// nobody applies it twice), and `via` lists the nodes it has passed through,
// origin first (so it never goes back to one of them: no loops).
import { isJson, isJsonObject, type Value } from '../../protocol.ts';
import { isVV, type VersionVector } from './version-vector.ts';

/** A register version: one value with what it has seen, when and where it was taken. */
export interface RegisterVersion {
  readonly value: Value;
  readonly vv: VersionVector;
  /** The taking node's wall clock (ms since epoch, skew included): what lww compares. */
  readonly ts: number;
  readonly node: string;
}

/** An observed-remove set change: elements added under fresh tags, tags removed. */
export interface SetDelta {
  readonly add: readonly (readonly [string, Value])[];
  readonly remove: readonly string[];
}

export interface Change {
  readonly origin: string;
  /** Per origin, 1, 2, 3...: with origin, the change's identity. */
  readonly seq: number;
  readonly key: string;
  readonly via: readonly string[];
  /** lww, replica-id, siblings: the version written. */
  readonly put?: RegisterVersion;
  /** merge: the set delta. */
  readonly set?: SetDelta;
}

export type Message =
  /** The changes for the receiver in the sender's log range [from, upTo). */
  | {
      readonly type: 'changes';
      readonly changes: readonly Change[];
      readonly from: number;
      readonly upTo: number;
    }
  /** The receiver holds what the sender's log range [from, upTo) had for it. */
  | { readonly type: 'ack'; readonly from: number; readonly upTo: number };

/** A change this node applied, in the order it applied them (its log). */
export interface ChangeRecord {
  readonly t: 'change';
  readonly change: Change;
}

export const changeId = (c: Pick<Change, 'origin' | 'seq'>): string => `${c.origin}:${c.seq}`;

const isNat = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isStrings = (x: unknown): x is string[] =>
  Array.isArray(x) && x.every((s) => typeof s === 'string');

function isRegisterVersion(x: unknown): x is RegisterVersion {
  return (
    isJsonObject(x) &&
    isJson(x.value) &&
    isVV(x.vv) &&
    typeof x.ts === 'number' &&
    Number.isFinite(x.ts) &&
    typeof x.node === 'string'
  );
}

function isSetDelta(x: unknown): x is SetDelta {
  return (
    isJsonObject(x) &&
    Array.isArray(x.add) &&
    x.add.every((a) => Array.isArray(a) && a.length === 2 && typeof a[0] === 'string') &&
    isStrings(x.remove)
  );
}

export function isChange(x: unknown): x is Change {
  if (!isJsonObject(x)) return false;
  const { origin, seq, key, via, put, set } = x;
  if (typeof origin !== 'string' || !isNat(seq) || seq < 1 || typeof key !== 'string') return false;
  if (!isStrings(via) || via[0] !== origin) return false;
  return (
    (put === undefined) !== (set === undefined) &&
    (put === undefined || isRegisterVersion(put)) &&
    (set === undefined || isSetDelta(set))
  );
}

export function isMessage(x: unknown): x is Message {
  if (!isJsonObject(x) || !isNat(x.from) || !isNat(x.upTo) || x.from >= x.upTo) return false;
  if (x.type === 'ack') return true;
  return x.type === 'changes' && Array.isArray(x.changes) && x.changes.every(isChange);
}

export function isRecord(x: unknown): x is ChangeRecord {
  return isJsonObject(x) && x.t === 'change' && isChange(x.change);
}
