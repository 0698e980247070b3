import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../core/cluster.ts';
import { FakeCluster } from './fixtures/fake-cluster.ts';
import type { Nemesis, NemesisContext } from './nemesis.ts';
import { validateNemesis } from './validate.ts';

const ctx: NemesisContext = { cluster: new FakeCluster(3), random: () => 0.5 };

function nemesisReturning(result: unknown): Nemesis {
  return {
    needs: ['partition'],
    fs: ['start-partition'],
    invoke: async () => result as never,
    healAll: async () => ({ value: null }),
  };
}

describe('validateNemesis', () => {
  it('passes a well-formed result through', async () => {
    const n = validateNemesis(nemesisReturning({ value: { cut: 1 }, nodes: ['n1'] }));
    expect(await n.invoke({ f: 'start-partition', value: null }, ctx)).toEqual({
      value: { cut: 1 },
      nodes: ['n1'],
    });
  });

  it('refuses an op it does not handle before running anything', async () => {
    const n = validateNemesis(nemesisReturning({ value: 1 }));
    await expect(n.invoke({ f: 'kill', value: 'n1' }, ctx)).rejects.toThrow(
      'no nemesis handles f "kill"; known: start-partition',
    );
  });

  it('names a malformed result', async () => {
    const bad = (r: unknown) =>
      validateNemesis(nemesisReturning(r)).invoke({ f: 'start-partition', value: null }, ctx);
    await expect(bad(undefined)).rejects.toThrow(/must return \{value, nodes\?, error\?\}/);
    await expect(bad({ value: 1, nodes: 'n1' })).rejects.toThrow(/nodes must be a list/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    await expect(bad({ value: loop })).rejects.toThrow(/value must be JSON/);
  });

  it('refuses unknown fault kinds up front', () => {
    const n = { ...nemesisReturning({ value: 1 }), needs: ['flood' as FaultKind] };
    expect(() => validateNemesis(n)).toThrow(/unknown fault kind "flood"/);
  });
});
