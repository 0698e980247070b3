import { describe, expect, it } from 'vitest';
import type { CellKey, ModeGrid } from './grid.ts';
import { MATRIX_MODES } from './modes.ts';
import { leaderlessGrid, predictLeaderless } from './theory-leaderless.ts';
import { multiLeaderGrid, predictMultiLeader } from './theory-multi-leader.ts';
import { deposedLeaderGrid, predictDeposed } from './theory-deposed.ts';

const cell = (grid: ModeGrid, id: string): CellKey => ({
  mode: grid.mode,
  setting: grid.settings.find((s) => s.id === id)!,
  readFrom: grid.readPolicies[0]!,
  nemesis: grid.nemeses[0]!,
});

describe('multi-leader theory (DDIA 5.3)', () => {
  const expectOf = (g: string, id: string) =>
    predictMultiLeader(g, cell(multiLeaderGrid, id)).expect;
  it('LWW and replica-id may lose acknowledged writes; siblings keep them', () => {
    expect(expectOf('lost-writes', 'ml-lww')).toBe('may-violate');
    expect(expectOf('lost-writes', 'ml-replica-id')).toBe('may-violate');
    expect(expectOf('lost-writes', 'ml-siblings')).toBe('must-hold');
  });
  it('every policy converges, none keeps read-your-writes across leaders', () => {
    for (const s of multiLeaderGrid.settings) {
      expect(expectOf('convergence', s.id)).toBe('must-hold');
      expect(expectOf('read-your-writes', s.id)).toBe('may-violate');
    }
  });
  it('runs under clock skew, which is what makes LWW lose writes', () => {
    expect(multiLeaderGrid.nemeses.map((n) => n.kinds).join()).toContain('clock');
  });
});

describe('leaderless theory (DDIA 5.4, Dynamo)', () => {
  const expectOf = (g: string, id: string) => predictLeaderless(g, cell(leaderlessGrid, id)).expect;
  it('w=1, r=1 may read stale; a strict quorum keeps read-your-writes; sloppy does not', () => {
    expect(expectOf('read-your-writes', 'w1r1')).toBe('may-violate');
    expect(expectOf('read-your-writes', 'w2r2')).toBe('must-hold');
    expect(expectOf('read-your-writes', 'sloppy-w2r2')).toBe('may-violate');
  });
  it('monotonic reads are not promised even by a strict quorum (partial writes)', () => {
    expect(expectOf('monotonic-reads', 'w2r2')).toBe('may-violate');
  });
  it('siblings never lose an acknowledged write, and replicas converge', () => {
    for (const s of leaderlessGrid.settings) {
      expect(expectOf('lost-writes', s.id)).toBe('must-hold');
      expect(expectOf('convergence', s.id)).toBe('must-hold');
    }
  });
});

describe('the deposed-leader grid (DDIA 9, linearizability)', () => {
  const at = (readFrom: string, flags: Record<string, string | number> = {}): CellKey => ({
    ...cell(deposedLeaderGrid, 'semi-sync-failover-readers'),
    readFrom,
    ...(Object.keys(flags).length > 0 ? { setting: { id: 'x', label: 'x', flags } } : {}),
  });
  it('confirmed leader reads over majority-acknowledged writes are linearizable; other reads are not', () => {
    expect(predictDeposed('linearizable-kv', at('leader')).expect).toBe('must-hold');
    expect(predictDeposed('linearizable-kv', at('sticky')).expect).toBe('may-violate');
    expect(predictDeposed('monotonic-reads', at('sticky')).expect).toBe('must-hold');
  });
  it('async failover may lose an acknowledged write, so not even leader reads are linearizable', () => {
    const async = at('leader', { replication: 'async', failoverTimeoutMs: 1000 });
    expect(predictDeposed('linearizable-kv', async).expect).toBe('may-violate');
  });
  it('runs the kv-readers workload under the fixed depose-leader schedule, with both failover bugs', () => {
    expect(deposedLeaderGrid.workload).toBe('kv-readers');
    expect(deposedLeaderGrid.nemeses.map((n) => n.id)).toEqual(['depose-leader']);
    expect(deposedLeaderGrid.bugs).toEqual(
      expect.arrayContaining(['leader-reads-unconfirmed', 'failover-without-fencing']),
    );
  });
});

describe('every mode of the grid', () => {
  it('predicts each of its columns with a reason citing a source', () => {
    for (const grid of MATRIX_MODES)
      for (const s of grid.settings)
        for (const g of grid.guarantees) {
          const p = grid.predict(g, cell(grid, s.id));
          expect(p.reason, `${grid.mode}/${s.id}/${g}`).toMatch(
            /DDIA|Dynamo|majority|leader|replica|token|sync|log/,
          );
          expect(p.reason).not.toMatch(/no prediction/);
        }
  });
});
