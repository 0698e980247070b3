import { describe, expect, it } from 'vitest';
import { check } from './checker.ts';
import { convergence } from './convergence.ts';
import { HistoryBuilder } from './testing/builder.ts';

/** A final read from `node` returning versions, and optionally what the node stored. */
function finalRead(
  h: HistoryBuilder,
  p: number,
  node: string,
  versions: Record<string, number | null>,
  stored?: Record<string, unknown>,
): number {
  h.invokeRead(p, Object.keys(versions), 'final-read');
  const i = h.complete(p, 'ok', versions, node);
  if (stored !== undefined) h.ops[i] = { ...h.ops[i]!, stored };
  return i;
}

const at = (v: number, atMs: number, r: number) => ({ v, at: atMs, r });

describe('convergence over stored values', () => {
  it('flags replicas that agree on the version but stored different values', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k2', 7);
    const a = finalRead(h, 10, 'n1', { k2: 7 }, { k2: at(7, 1000, 11) });
    const b = finalRead(h, 11, 'n2', { k2: 7 }, { k2: at(7, 1000, 11) });
    const c = finalRead(h, 12, 'n3', { k2: 7 }, { k2: at(7, 1002, 99) });
    const r = check(convergence, h.ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies.map((x) => [x.kind, x.ops])).toEqual([['divergent-values', [a, b, c]]]);
    expect(r.anomalies[0]!.explanation).toBe(
      `n1, n2 and n3 hold different values for k2 at version 7: n1 (op ${a}) and n2 (op ${b}) {"at":1000,"r":11,"v":7}; n3 (op ${c}) {"at":1002,"r":99,"v":7} — the same write was applied differently per replica (a statement re-evaluated on each)`,
    );
    expect(r.stats).toMatchObject({ divergentKeys: 1, keysCompared: 1, nodes: 3 });
  });

  it('names only the diverging keys', () => {
    const h = new HistoryBuilder();
    const same = { k1: at(1, 5, 5), k3: null };
    const a = finalRead(h, 10, 'n1', { k1: 1, k2: 4, k3: null }, { ...same, k2: at(4, 7, 1) });
    const b = finalRead(h, 11, 'n3', { k1: 1, k2: 4, k3: null }, { ...same, k2: at(4, 7, 2) });
    const r = check(convergence, h.ops);
    expect(r.anomalies.map((x) => [x.kind, x.ops])).toEqual([['divergent-values', [a, b]]]);
    expect(r.anomalies[0]!.explanation).toMatch(
      /^n1 and n3 hold different values for k2 at version 4: /,
    );
  });

  it('accepts equal stored values, whatever their key order', () => {
    const h = new HistoryBuilder();
    finalRead(h, 10, 'n1', { k1: 3 }, { k1: { v: 3, at: 9, r: 1 } });
    finalRead(h, 11, 'n2', { k1: 3 }, { k1: { r: 1, v: 3, at: 9 } });
    const r = check(convergence, h.ops);
    expect(r.valid).toBe(true);
    expect(r.anomalies).toEqual([]);
  });

  it('compares versions alone when no final read kept stored values', () => {
    const h = new HistoryBuilder();
    finalRead(h, 10, 'n1', { k1: 3, k2: null });
    finalRead(h, 11, 'n2', { k1: 3, k2: null });
    expect(check(convergence, h.ops).valid).toBe(true);
  });

  it('reports a version disagreement once, as divergent-replicas, even when stored values differ too', () => {
    const h = new HistoryBuilder();
    const a = finalRead(h, 10, 'n1', { k1: 3 }, { k1: at(3, 1, 1) });
    const b = finalRead(h, 11, 'n2', { k1: 2 }, { k1: at(2, 1, 1) });
    const r = check(convergence, h.ops);
    expect(r.anomalies.map((x) => [x.kind, x.ops])).toEqual([['divergent-replicas', [a, b]]]);
  });
});

describe('convergence explanations', () => {
  it('name nodes in id order, whichever final read finished first', () => {
    const h = new HistoryBuilder();
    const c = finalRead(h, 12, 'n10', { k1: 2 }, { k1: at(2, 3, 3) });
    const b = finalRead(h, 11, 'n2', { k1: 2 }, { k1: at(2, 2, 2) });
    const a = finalRead(h, 10, 'n1', { k1: 2 }, { k1: at(2, 1, 1) });
    const r = check(convergence, h.ops);
    expect(r.anomalies[0]!.explanation).toMatch(
      new RegExp(
        `^n1, n2 and n10 hold different values for k1 at version 2: n1 \\(op ${a}\\) .*; n2 \\(op ${b}\\) .*; n10 \\(op ${c}\\) `,
      ),
    );
  });
});
