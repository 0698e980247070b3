// What leaderless nodes send each other, and what they keep on disk. Every
// message is JSON and checked on arrival (a frame that is not one of these is
// dropped like a lost message); replies name the request id they answer.
import { isJsonObject } from '../../protocol.ts';
import { isSiblings, type Siblings } from './siblings.ts';

/** key -> its siblings on the sender. */
export type KeyData = Readonly<Record<string, Siblings>>;

export type Message =
  /** Store these siblings (id null: a repair, no ack); `home`: hold them as a hint for that node. */
  | {
      readonly t: 'put';
      readonly id: string | null;
      readonly key: string;
      readonly sibs: Siblings;
      readonly home?: string;
    }
  | { readonly t: 'ack'; readonly id: string }
  /** Your siblings of these keys; `home`: the hints you hold for that node instead. */
  | {
      readonly t: 'get';
      readonly id: string;
      readonly keys: readonly string[];
      readonly home?: string;
    }
  | { readonly t: 'got'; readonly id: string; readonly data: KeyData }
  /** Anti-entropy, step 1: my Merkle roots of the partitions we share. */
  | { readonly t: 'ae-roots'; readonly roots: Readonly<Record<string, string>> }
  /** Step 2: my leaf hashes of the partitions whose roots differ (none: in sync). */
  | { readonly t: 'ae-leaves'; readonly leaves: Readonly<Record<string, readonly string[]>> }
  /** Step 3 (and 4, reply false): my keys in the leaves that differ. */
  | {
      readonly t: 'ae-data';
      readonly ranges: readonly (readonly [number, number])[];
      readonly data: KeyData;
      readonly reply: boolean;
    };

export type Record_ =
  | { readonly t: 'key'; readonly key: string; readonly sibs: Siblings }
  /** The hints held for `home` of this key (empty: handed off). */
  | { readonly t: 'hint'; readonly home: string; readonly key: string; readonly sibs: Siblings }
  /** Dots up to here may have been used: a restart counts on from it. */
  | { readonly t: 'dots'; readonly upTo: number };

const str = (x: unknown): x is string => typeof x === 'string';
const strs = (x: unknown): x is string[] => Array.isArray(x) && x.every(str);

function isKeyData(x: unknown): x is KeyData {
  return isJsonObject(x) && Object.values(x).every(isSiblings);
}

function isRanges(x: unknown): boolean {
  return (
    Array.isArray(x) &&
    x.every((r) => Array.isArray(r) && r.length === 2 && r.every((n) => Number.isInteger(n)))
  );
}

export function isMessage(x: unknown): x is Message {
  if (!isJsonObject(x)) return false;
  const m = x as Record<string, unknown>;
  const home = m.home === undefined || str(m.home);
  switch (m.t) {
    case 'put':
      return (m.id === null || str(m.id)) && str(m.key) && isSiblings(m.sibs) && home;
    case 'ack':
      return str(m.id);
    case 'get':
      return str(m.id) && strs(m.keys) && home;
    case 'got':
      return str(m.id) && isKeyData(m.data);
    case 'ae-roots':
      return isJsonObject(m.roots) && Object.values(m.roots).every(str);
    case 'ae-leaves':
      return isJsonObject(m.leaves) && Object.values(m.leaves).every(strs);
    case 'ae-data':
      return isRanges(m.ranges) && isKeyData(m.data) && typeof m.reply === 'boolean';
    default:
      return false;
  }
}

export function isRecord(x: unknown): x is Record_ {
  if (!isJsonObject(x)) return false;
  const r = x as Record<string, unknown>;
  if (r.t === 'key') return str(r.key) && isSiblings(r.sibs);
  if (r.t === 'hint') return str(r.home) && str(r.key) && isSiblings(r.sibs);
  return r.t === 'dots' && Number.isInteger(r.upTo);
}
