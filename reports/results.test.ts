import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../checkers/checker.ts';
import { buildResults, exitCodeFor } from './results.ts';

const ok: CheckResult = { valid: true, anomalies: [], stats: {} };
const bad: CheckResult = {
  valid: false,
  anomalies: [{ kind: 'stale-read', ops: [1, 2], explanation: 'read 5 after writing 7' }],
  stats: {},
};
const unk: CheckResult = { valid: 'unknown', anomalies: [], stats: {}, error: 'budget' };

describe('buildResults', () => {
  it('is valid when every checker is valid, keeping each result under its id', () => {
    const r = buildResults({ a: ok, b: ok });
    const counted = { ...ok, anomalyCounts: {}, anomaliesTruncated: false };
    expect(r).toEqual({ valid: true, a: counted, b: counted });
  });
  it('lets unknown outrank valid', () => {
    expect(buildResults({ a: ok, b: unk }).valid).toBe('unknown');
  });
  it('lets false outrank unknown, in either order', () => {
    expect(buildResults({ a: unk, b: bad }).valid).toBe(false);
    expect(buildResults({ b: bad, a: unk }).valid).toBe(false);
  });
  it('is unknown with no checkers at all: nothing was checked', () => {
    expect(buildResults({})).toEqual({ valid: 'unknown' });
  });
  it('refuses a checker named "valid", which would collide with the overall verdict', () => {
    expect(() => buildResults({ valid: ok })).toThrow(/must not be "valid"/);
  });
});

describe('exitCodeFor', () => {
  it('maps valid, anomaly and unknown to 0, 1, 2', () => {
    expect([exitCodeFor(true), exitCodeFor(false), exitCodeFor('unknown')]).toEqual([0, 1, 2]);
  });
});
