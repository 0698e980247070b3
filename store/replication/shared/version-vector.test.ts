import { describe, expect, it } from 'vitest';
import { canonical, compare, includes, isVersionVector, join } from './version-vector.ts';

describe('version vectors', () => {
  it('orders vectors: equal, before, after, concurrent', () => {
    expect(compare({ a: 1 }, { a: 1 })).toBe('equal');
    expect(compare({ a: 1 }, { a: 2, b: 1 })).toBe('before');
    expect(compare({ a: 2, b: 1 }, { a: 1 })).toBe('after');
    expect(compare({ a: 2 }, { b: 1 })).toBe('concurrent');
    expect(compare({}, { a: 1 })).toBe('before');
  });

  it('joins pointwise, with keys sorted so equal vectors serialize equally', () => {
    expect(JSON.stringify(join({ b: 1, a: 3 }, { a: 2, c: 4 }))).toBe('{"a":3,"b":1,"c":4}');
    expect(JSON.stringify(canonical({ z: 1, a: 2 }))).toBe('{"a":2,"z":1}');
    expect(includes({ a: 3 }, 'a', 3)).toBe(true);
    expect(includes({ a: 3 }, 'a', 4)).toBe(false);
    expect(includes({ a: 3 }, 'b', 1)).toBe(false);
  });

  it('accepts only node -> positive integer', () => {
    expect(isVersionVector({ n1: 2 })).toBe(true);
    expect(isVersionVector({})).toBe(true);
    for (const bad of [null, [], { n1: 0 }, { n1: 1.5 }, { n1: '1' }, 3])
      expect(isVersionVector(bad), JSON.stringify(bad)).toBe(false);
  });
});
