import { describe, expect, it } from 'vitest';
import { DEFAULT_NEMESES, type CellKey, type Setting } from './grid.ts';
import { predictSingleLeader, singleLeaderGrid } from './theory-single-leader.ts';
import { wilson } from './wilson.ts';

const setting = (id: string): Setting => singleLeaderGrid.settings.find((s) => s.id === id)!;
const cell = (id: string, readFrom: string): CellKey => ({
  mode: 'single-leader',
  setting: setting(id),
  readFrom,
  nemesis: DEFAULT_NEMESES[0]!,
});
const expectOf = (g: string, id: string, readFrom: string) =>
  predictSingleLeader(g, cell(id, readFrom)).expect;

describe('single-leader theory (DDIA 5.1-5.2)', () => {
  it('async with reads from any replica may break read-your-writes', () => {
    expect(expectOf('read-your-writes', 'async', 'any')).toBe('may-violate');
  });
  it('sticky reads keep monotonic reads but not read-your-writes', () => {
    expect(expectOf('monotonic-reads', 'async', 'sticky')).toBe('must-hold');
    expect(expectOf('read-your-writes', 'async', 'sticky')).toBe('may-violate');
  });
  it('sharding breaks consistent prefix, even for leader and token reads', () => {
    for (const r of ['leader', 'lsn-token', 'sticky'])
      expect(expectOf('consistent-prefix', 'async-shards', r)).toBe('may-violate');
    expect(expectOf('consistent-prefix', 'async', 'lsn-token')).toBe('must-hold');
  });
  it('sync + lsn-token keeps read-your-writes; leader reads keep everything without loss', () => {
    expect(expectOf('read-your-writes', 'sync', 'lsn-token')).toBe('must-hold');
    for (const g of ['read-your-writes', 'monotonic-reads', 'consistent-prefix'])
      expect(expectOf(g, 'sync-failover', 'leader')).toBe('must-hold');
  });
  it('async failover may lose acknowledged writes, whatever the read policy', () => {
    for (const r of singleLeaderGrid.readPolicies)
      expect(expectOf('read-your-writes', 'async-failover', r)).toBe('may-violate');
  });
  it('gives a reason for every prediction', () => {
    for (const s of singleLeaderGrid.settings)
      for (const r of singleLeaderGrid.readPolicies)
        expect(predictSingleLeader('monotonic-reads', cell(s.id, r)).reason.length).toBeGreaterThan(
          10,
        );
  });
});

describe('wilson', () => {
  it('matches the textbook interval', () => {
    const none = wilson(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 3);
    const half = wilson(5, 10);
    expect(half.low).toBeCloseTo(0.2366, 3);
    expect(half.high).toBeCloseTo(0.7634, 3);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });
});
