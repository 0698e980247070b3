import { describe, expect, it } from 'vitest';
import { clockOf, contextOf, digest, holds, merge, written } from './siblings.ts';

const a1 = written('a', ['n1', 1], {}, 10);
const b1 = written('b', ['n2', 1], {}, 20);
const c = written('c', ['n1', 2], { n1: 1, n2: 1 }, 5);
const blind = written('x', ['n1', 3], {}, 1);

describe('siblings (dotted version vectors)', () => {
  it('keeps concurrent writes and drops what a later writer saw', () => {
    expect(merge([a1], [b1], 'siblings').map((s) => s.value)).toEqual(['a', 'b']);
    expect(merge([a1, b1], [c], 'siblings').map((s) => s.value)).toEqual(['c']);
    expect(merge([c], [a1], 'siblings').map((s) => s.value)).toEqual(['c']);
  });

  it('a blind write of the same coordinator does not supersede its earlier write', () => {
    expect(merge([a1], [blind], 'siblings').map((s) => s.value)).toEqual(['a', 'x']);
  });

  it('lww keeps the latest timestamp only, whatever the writers saw', () => {
    expect(merge([a1], [b1], 'lww').map((s) => s.value)).toEqual(['b']);
    // c saw b, but its coordinator's clock said 5 against b's 20: c is lost.
    expect(merge([a1, b1], [c], 'lww').map((s) => s.value)).toEqual(['b']);
  });

  it('is idempotent and commutative, and says whether a state holds another', () => {
    const ab = merge([a1], [b1], 'siblings');
    expect(digest(merge(ab, ab, 'siblings'))).toBe(digest(ab));
    expect(digest(merge([b1], [a1], 'siblings'))).toBe(digest(ab));
    expect(holds(ab, [a1], 'siblings')).toBe(true);
    expect(holds([a1], ab, 'siblings')).toBe(false);
  });

  it('versions: a sibling its context plus its dot; a set the join of them', () => {
    expect(clockOf(c)).toEqual({ n1: 2, n2: 1 });
    expect(contextOf([a1, b1])).toEqual({ n1: 1, n2: 1 });
    expect(contextOf([])).toEqual({});
  });
});
