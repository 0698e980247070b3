// A key's state on a replica: its siblings, each a value with a dot (the one
// write that made it: node and that node's counter) and the context the
// writer had seen (a version vector), as dotted version vectors keep them.
// A sibling is obsolete once another's context includes its dot; what no
// context includes stays, so concurrent writes are all kept. A value of null
// is a tombstone: a delete that must win over what it saw, on every replica.
import { isJson, type Json } from '../../protocol.ts';
import {
  canonical,
  includes,
  isVersionVector,
  join,
  type VersionVector,
} from '../shared/version-vector.ts';

export interface Sibling {
  /** null: a tombstone (the key was deleted). */
  readonly value: Json;
  /** The write that made it: [node, counter]; unique across the cluster. */
  readonly dot: readonly [string, number];
  /** What the writer had seen of the key when it wrote. */
  readonly ctx: VersionVector;
  /** The coordinator's wall clock at the write (ms): what --conflicts lww orders by. */
  readonly ts: number;
}

export type Siblings = readonly Sibling[];

export type Conflicts = 'siblings' | 'lww';

export function isSibling(x: unknown): x is Sibling {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  const dot = s.dot;
  return (
    isJson(s.value) &&
    Array.isArray(dot) &&
    dot.length === 2 &&
    typeof dot[0] === 'string' &&
    Number.isInteger(dot[1]) &&
    isVersionVector(s.ctx) &&
    typeof s.ts === 'number'
  );
}

export function isSiblings(x: unknown): x is Siblings {
  return Array.isArray(x) && x.every(isSibling);
}

const sameDot = (a: Sibling, b: Sibling): boolean => a.dot[0] === b.dot[0] && a.dot[1] === b.dot[1];

/**
 * Whether a makes b obsolete: a's writer had seen b. `blind` is the node whose
 * counter the comparison skips (the version-vector-ignores-node bug, bugs.ts),
 * so any other version looks as if it had seen that node's writes; null in
 * every real run.
 */
function covers(a: Sibling, b: Sibling, blind: string | null): boolean {
  return !sameDot(a, b) && (b.dot[0] === blind || includes(a.ctx, b.dot[0], b.dot[1]));
}

/** A sibling's version as clients see it: its context and its own dot. */
export function clockOf(s: Sibling): VersionVector {
  return join(s.ctx, { [s.dot[0]]: s.dot[1] });
}

/** The version of a whole set: what a write that resolves all of them names as its context. */
export function contextOf(sibs: Siblings): VersionVector {
  return sibs.reduce<VersionVector>((v, s) => join(v, clockOf(s)), {});
}

/** Last writer wins: the latest timestamp, ties broken by the dot. */
function newest(sibs: Siblings): Sibling {
  return sibs.reduce((a, b) => {
    if (a.ts !== b.ts) return a.ts > b.ts ? a : b;
    if (a.dot[0] !== b.dot[0]) return a.dot[0] > b.dot[0] ? a : b;
    return a.dot[1] >= b.dot[1] ? a : b;
  });
}

/**
 * Both states together: every sibling no other makes obsolete, in dot order.
 * Under lww only the latest timestamp survives, whatever its writer had seen
 * (Cassandra's rule): a write from a node whose clock is behind loses to the
 * write it replaced, and the loss is silent.
 */
export function merge(
  a: Siblings,
  b: Siblings,
  conflicts: Conflicts,
  blind: string | null = null,
): Siblings {
  const all: Sibling[] = [...a];
  for (const s of b) if (!all.some((x) => sameDot(x, s))) all.push(s);
  if (conflicts === 'lww') return all.length === 0 ? [] : [newest(all)];
  const live = all.filter((s) => !all.some((x) => covers(x, s, blind)));
  live.sort((x, y) => (x.dot[0] === y.dot[0] ? x.dot[1] - y.dot[1] : x.dot[0] < y.dot[0] ? -1 : 1));
  return live;
}

/** Whether `have` already holds everything of `want` (merging adds nothing). */
export function holds(
  have: Siblings,
  want: Siblings,
  conflicts: Conflicts,
  blind: string | null = null,
): boolean {
  return digest(merge(have, want, conflicts, blind)) === digest(have);
}

/** The set's identity: its dots, for comparing replicas without their values. */
export function digest(sibs: Siblings): string {
  return sibs.map((s) => `${s.dot[0]}:${s.dot[1]}`).join(',');
}

/** A new write's sibling. */
export function written(
  value: Json,
  dot: readonly [string, number],
  ctx: VersionVector,
  ts: number,
): Sibling {
  return { value, dot, ctx: canonical(ctx), ts };
}
