// Partition shapes as grudges (Jepsen's nemesis/combined partition specs).
// Pure: node ids and a random source in, a grudge out.
import type { Grudge } from '../core/cluster.ts';
import { majorityOf, shuffle } from './targets.ts';

/** Random halves: the smaller half is floor(n/2) nodes. */
export function halves(nodes: readonly string[], random: () => number): string[][] {
  const s = shuffle(nodes, random);
  const cut = Math.floor(s.length / 2);
  return [s.slice(0, cut), s.slice(cut)];
}

/** One node alone, the rest together. */
export function isolate(nodes: readonly string[], node: string): string[][] {
  return [[node], nodes.filter((n) => n !== node)];
}

/**
 * Every node sees a majority (itself and its nearest ring neighbours), but
 * no two nodes see the same majority. With 3 nodes every node still sees
 * every other: the shape needs 4 or more to cut anything.
 */
export function majoritiesRing(nodes: readonly string[], random: () => number): Grudge {
  const ring = shuffle(nodes, random);
  const n = ring.length;
  const reach = Math.ceil((majorityOf(n) - 1) / 2);
  const g = new Map<string, Set<string>>();
  ring.forEach((a, i) => {
    const drops = new Set<string>();
    ring.forEach((b, j) => {
      const d = Math.min(Math.abs(i - j), n - Math.abs(i - j));
      if (d > reach) drops.add(b);
    });
    g.set(a, drops);
  });
  return g;
}

/** Two halves that cannot talk, and one bridge node that talks to both. */
export function bridge(
  nodes: readonly string[],
  random: () => number,
): { grudge: Grudge; bridge: string; sides: string[][] } {
  const s = shuffle(nodes, random);
  const mid = Math.floor((s.length - 1) / 2);
  const left = s.slice(0, mid);
  const b = s[mid]!;
  const right = s.slice(mid + 1);
  const g = new Map<string, Set<string>>();
  for (const a of left) g.set(a, new Set(right));
  for (const a of right) g.set(a, new Set(left));
  g.set(b, new Set());
  return { grudge: g, bridge: b, sides: [left, right] };
}

/** Random halves where only one side is deaf: `deaf` drops `heard`'s bytes, not the reverse. */
export function oneWay(
  nodes: readonly string[],
  random: () => number,
): { grudge: Grudge; deaf: string[]; heard: string[] } {
  const [deaf, heard] = halves(nodes, random) as [string[], string[]];
  const g = new Map<string, Set<string>>();
  for (const a of deaf) g.set(a, new Set(heard));
  return { grudge: g, deaf, heard };
}

/** A grudge as plain JSON for the history: {a: [b, ...]} with empty entries left out. */
export function grudgeToJson(g: Grudge): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [a, drops] of [...g.entries()].sort(([x], [y]) => x.localeCompare(y)))
    if (drops.size > 0) out[a] = [...drops].sort();
  return out;
}

/** Reads {a: [b, ...]} into a grudge; throws naming the bad entry. */
export function grudgeFromJson(x: unknown): Grudge {
  if (typeof x !== 'object' || x === null || Array.isArray(x))
    throw new Error(
      `a grudge must be an object {node: [nodes it drops]}, got ${JSON.stringify(x)}`,
    );
  const g = new Map<string, Set<string>>();
  for (const [a, drops] of Object.entries(x)) {
    if (!Array.isArray(drops) || !drops.every((d) => typeof d === 'string'))
      throw new Error(`grudge entry ${a} must be a list of node ids, got ${JSON.stringify(drops)}`);
    g.set(a, new Set(drops as string[]));
  }
  return g;
}

/** Every node a grudge cuts off from someone. */
export function grudgeNodes(g: Grudge): string[] {
  const s = new Set<string>();
  for (const [a, drops] of g) {
    if (drops.size === 0) continue;
    s.add(a);
    for (const b of drops) s.add(b);
  }
  return [...s].sort();
}
