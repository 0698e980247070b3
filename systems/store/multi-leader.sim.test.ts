// --mode multi-leader through `splitbrain run` on the simulation backend: the
// set workload under a forced partition (n1 cut off for the first 4 s while
// every node takes adds: two sessions per home node), for each conflict
// policy, asserting the set checker's verdict and the state the nodes
// converged to; and lww under a skewed clock with no partition at all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acksByNode, checkerResult, finalReads, setRun } from './testing/multi-leader-runs.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-multi-leader-sim-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const EXPECTED = {
  lww: false,
  'replica-id': false,
  merge: true,
  siblings: true,
} as const;

describe('multi-leader on the simulation backend: the set workload, n1 isolated for 4 s', () => {
  for (const [conflicts, valid] of Object.entries(EXPECTED)) {
    it(`${conflicts}: the set checker says ${valid ? 'no add was lost' : 'acknowledged adds were lost'}; every node ends with the same set`, async () => {
      const run = await setRun(out, `ml-${conflicts}`, {
        backend: 'sim',
        conflicts,
        schedule: 'isolate-n1',
      });
      const acks = acksByNode(run.history);
      // Writes on both sides of the partition, or the row proves nothing.
      expect(acks.n1 ?? 0).toBeGreaterThan(20);
      expect((acks.n2 ?? 0) + (acks.n3 ?? 0)).toBeGreaterThan(20);
      const set = checkerResult(run, 'set');
      expect(set.valid).toBe(valid);
      if (valid) expect(set.stats).toMatchObject({ lost: 0, unexpected: 0, finalReads: 3 });
      else expect(new Set(set.anomalies.map((a) => a.kind))).toEqual(new Set(['lost']));
      const finals = Object.values(finalReads(run.history));
      expect(finals.length).toBe(3);
      for (const f of finals) expect(f).toEqual(finals[0]);
    });
  }

  it('lww with n1 10 s behind and no partition: the adds n1 took are discarded', async () => {
    const run = await setRun(out, 'ml-lww-skew', {
      backend: 'sim',
      conflicts: 'lww',
      schedule: 'skew-n1',
    });
    const set = checkerResult(run, 'set');
    expect(set.valid).toBe(false);
    const finals = finalReads(run.history);
    const n1Adds = run.history.filter(
      (op) => op.f === 'add' && op.type === 'ok' && op.node === 'n1',
    );
    expect(n1Adds.length).toBeGreaterThan(20);
    const kept = new Set((finals.n2 as number[]).map(Number));
    const lostFromN1 = n1Adds.filter((op) => !kept.has(op.value as number));
    // Nearly all of n1's adds: those taken before any other node's write reached it may survive.
    expect(lostFromN1.length).toBeGreaterThan(0.9 * n1Adds.length);
    const others = run.history.filter(
      (op) => op.f === 'add' && op.type === 'ok' && op.node !== 'n1',
    );
    expect(others.filter((op) => !kept.has(op.value as number)).length).toBeLessThan(
      others.length / 2,
    );
  });

  it('merge under the same skew loses nothing', async () => {
    const run = await setRun(out, 'ml-merge-skew', {
      backend: 'sim',
      conflicts: 'merge',
      schedule: 'skew-n1',
    });
    expect(checkerResult(run, 'set').valid).toBe(true);
  });
});

describe('multi-leader on the simulation backend: overtaking (kv workload, n1→n3 2 s slower)', () => {
  const kv = (topology: string) =>
    setRun(out, `ml-overtake-${topology}`, {
      backend: 'sim',
      conflicts: 'lww',
      schedule: 'slow-n1-to-n3',
      extra: {
        workload: 'kv',
        topology,
        timeLimit: 8,
        checkers: 'consistent-prefix,writes-follow-reads,convergence',
      },
    });

  it('all-to-all: n3 sees a write before the write it followed; consistent prefix names the ops', async () => {
    const run = await kv('all-to-all');
    const cp = checkerResult(run, 'consistent-prefix');
    expect(cp.valid).toBe(false);
    const [first] = cp.anomalies;
    expect(first?.kind).toBe('inconsistent-prefix');
    expect(first?.ops.length).toBeGreaterThanOrEqual(3);
    expect(checkerResult(run, 'writes-follow-reads').valid).toBe(false);
    expect(checkerResult(run, 'convergence').valid).toBe(true);
  });

  it('circular: every change reaches n3 through n2 in n2’s order, so no read sees the answer before the question', async () => {
    const run = await kv('circular');
    expect(checkerResult(run, 'consistent-prefix').valid).toBe(true);
    expect(checkerResult(run, 'writes-follow-reads').valid).toBe(true);
    expect(run.history.filter((op) => op.f === 'read' && op.type === 'ok').length).toBeGreaterThan(
      100,
    );
  });
});
