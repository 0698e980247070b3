import { describe, expect, it } from 'vitest';
import {
  appendedId,
  emptyKvState,
  holds,
  internValue,
  kvEntries,
  sameKvState,
  slotOf,
  withValue,
} from './kv-state.ts';

const concat = (a: unknown, b: unknown) => `${String(a)}${String(b)}`;

describe('kv search state', () => {
  it('equal contents compare and hash equal, whatever the path; different ones do not', () => {
    const s0 = emptyKvState('');
    const t = s0.table;
    const [a, b] = [slotOf(t, 'a'), slotOf(t, 'b')];
    const ab = withValue(withValue(s0, a, internValue(t, 'x')), b, internValue(t, 'y'));
    const ba = withValue(withValue(s0, b, internValue(t, 'y')), a, internValue(t, 'x'));
    expect(sameKvState(ab, ba)).toBe(true);
    expect(ab.hash).toBe(ba.hash);
    // A key written back to its initial value is the key never written.
    const back = withValue(ab, b, internValue(t, ''));
    const onlyA = withValue(s0, a, internValue(t, 'x'));
    expect(sameKvState(back, onlyA)).toBe(true);
    expect(back.hash).toBe(onlyA.hash);
    expect(sameKvState(ab, onlyA)).toBe(false);
    expect(kvEntries(ab)).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
  });

  it('an append is computed once per value and element, and reads see its content', () => {
    const s0 = emptyKvState('');
    const t = s0.table;
    const x = appendedId(t, 0, 'x 0 0 y', concat);
    expect(appendedId(t, 0, 'x 0 0 y', concat)).toBe(x);
    const xx = appendedId(t, x, 'x 1 0 y', concat);
    expect(holds(t, xx, 'x 0 0 yx 1 0 y')).toBe(true);
    expect(holds(t, xx, 'x 0 0 y')).toBe(false);
    // Lists are compared by content.
    const list = appendedId(t, internValue(t, [1]), 2, (c, e) => [...(c as number[]), e]);
    expect(holds(t, list, [1, 2])).toBe(true);
    expect(holds(t, list, [2, 1])).toBe(false);
  });
});
