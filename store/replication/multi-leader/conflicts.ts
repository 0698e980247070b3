// How a key's register versions absorb one more (lww, replica-id, siblings),
// and the observed-remove set that merge keeps instead. Every rule is
// commutative and idempotent over changes, so replicas that applied the same
// changes in any order hold the same state.
import type { Value } from '../../protocol.ts';
import { sortNodeIds } from '../../values.ts';
import type { RegisterVersion, SetDelta } from './messages.ts';
import type { ConflictPolicy } from './options.ts';
import { dominatedBy, mergeVV } from './version-vector.ts';

/** Node ids in their natural order: 1 when a ranks after b. */
function nodeRank(a: string, b: string): number {
  if (a === b) return 0;
  return sortNodeIds([a, b])[0] === a ? -1 : 1;
}

/** lww's total order: timestamp, then node id, then the vector as text. */
function lwwLater(a: RegisterVersion, b: RegisterVersion): boolean {
  if (a.ts !== b.ts) return a.ts > b.ts;
  const byNode = nodeRank(a.node, b.node);
  if (byNode !== 0) return byNode > 0;
  return JSON.stringify(a.vv) > JSON.stringify(b.vv);
}

/** Among concurrent versions, the highest node id wins (then lww's order). */
function replicaIdLater(a: RegisterVersion, b: RegisterVersion): boolean {
  const byNode = nodeRank(a.node, b.node);
  return byNode !== 0 ? byNode > 0 : lwwLater(a, b);
}

/** The versions of a key after `incoming` arrives (never empty, deterministic order). */
export function absorb(
  policy: Exclude<ConflictPolicy, 'merge'>,
  versions: readonly RegisterVersion[],
  incoming: RegisterVersion,
): RegisterVersion[] {
  const [cur] = versions;
  if (cur === undefined) return [incoming];
  // lww looks at timestamps only, even when the vectors say the write came later (DDIA 5.4).
  if (policy === 'lww') return [lwwLater(incoming, cur) ? incoming : cur];
  if (versions.some((v) => dominatedBy(incoming.vv, v.vv))) return [...versions];
  const rest = versions.filter((v) => !dominatedBy(v.vv, incoming.vv));
  if (policy === 'siblings') return [...rest, incoming].sort((a, b) => (lwwLater(a, b) ? 1 : -1));
  const [other] = rest;
  return [other === undefined || replicaIdLater(incoming, other) ? incoming : other];
}

/** What a version is to a client: its vector, and for one version its timestamp and node. */
export function versionOf(versions: readonly RegisterVersion[]): Value {
  const [only] = versions;
  if (versions.length === 1 && only) return { vv: only.vv, ts: only.ts, node: only.node };
  return { vv: mergeVV(...versions.map((v) => v.vv)) };
}

/** The observed-remove set of one key: live elements by tag, and tags seen removed. */
export interface OrSet {
  readonly live: Map<string, Value>;
  readonly dead: Set<string>;
}

export const emptySet = (): OrSet => ({ live: new Map(), dead: new Set() });

export function applyDelta(s: OrSet, d: SetDelta): void {
  for (const tag of d.remove) {
    s.dead.add(tag);
    s.live.delete(tag);
  }
  for (const [tag, elem] of d.add) if (!s.dead.has(tag)) s.live.set(tag, elem);
}

/** The set's elements, each once, in one order (by their JSON). */
export function elements(s: OrSet): Value[] {
  return uniqueSorted([...s.live.values()]);
}

export function uniqueSorted(values: readonly Value[]): Value[] {
  const byText = new Map(values.map((v) => [JSON.stringify(v), v]));
  return [...byText.keys()].sort().map((k) => byText.get(k)!);
}

/** Tags under which `elem` is live (what a remove observes). */
export function tagsOf(s: OrSet, elem: Value | undefined): string[] {
  const text = elem === undefined ? null : JSON.stringify(elem);
  return [...s.live].filter(([, v]) => text === null || JSON.stringify(v) === text).map(([t]) => t);
}
