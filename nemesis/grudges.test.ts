import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import {
  bridge,
  grudgeFromJson,
  grudgeNodes,
  grudgeToJson,
  halves,
  isolate,
  majoritiesRing,
  oneWay,
} from './grudges.ts';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => `n${i + 1}`);
const random = (seed: number) => {
  const r = createRng(seed);
  return () => r.next();
};

/** Who a node can hear: everyone it does not drop. */
function hears(g: ReturnType<typeof majoritiesRing>, a: string, all: string[]): string[] {
  return all.filter((b) => !(g.get(a)?.has(b) ?? false));
}

describe('grudge shapes', () => {
  it('halves: a smaller and a larger side covering every node', () => {
    const [a, b] = halves(nodes(5), random(1)) as [string[], string[]];
    expect(a.length).toBe(2);
    expect(b.length).toBe(3);
    expect([...a, ...b].sort()).toEqual(nodes(5));
  });

  it('isolate: one node alone', () => {
    expect(isolate(nodes(3), 'n2')).toEqual([['n2'], ['n1', 'n3']]);
  });

  it('majorities ring: each of 5 sees a majority, no two the same, symmetric', () => {
    const all = nodes(5);
    const g = majoritiesRing(all, random(2));
    const views = all.map((a) => hears(g, a, all).join(','));
    for (const v of views) expect(v.split(',').length).toBe(3);
    expect(new Set(views).size).toBe(5);
    for (const [a, drops] of g) for (const b of drops) expect(g.get(b)?.has(a)).toBe(true);
  });

  it('majorities ring on 3 nodes cuts nothing', () => {
    expect(grudgeNodes(majoritiesRing(nodes(3), random(3)))).toEqual([]);
  });

  it('bridge: the bridge hears both sides, the sides do not hear each other', () => {
    const all = nodes(5);
    const b = bridge(all, random(4));
    expect(hears(b.grudge, b.bridge, all)).toEqual(all);
    const [l, r] = b.sides as [string[], string[]];
    expect(l.length + r.length).toBe(4);
    for (const a of l) expect(hears(b.grudge, a, all).some((x) => r.includes(x))).toBe(false);
  });

  it('one-way: the deaf side drops the heard side, not the reverse', () => {
    const o = oneWay(nodes(4), random(5));
    for (const d of o.deaf) for (const h of o.heard) expect(o.grudge.get(d)?.has(h)).toBe(true);
    for (const h of o.heard) expect(o.grudge.get(h)?.size ?? 0).toBe(0);
  });

  it('round-trips through JSON and names a bad entry', () => {
    const g = grudgeFromJson({ n1: ['n2'], n2: [] });
    expect(grudgeToJson(g)).toEqual({ n1: ['n2'] });
    expect(() => grudgeFromJson({ n1: 'n2' })).toThrow(/grudge entry n1 must be a list/);
  });
});
