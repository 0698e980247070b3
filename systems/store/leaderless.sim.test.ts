// The leaderless store under `splitbrain run` on the simulation backend: the
// real store core and the leaderless client on a seeded network, partitions
// every virtual second, so each verdict and number below is the same on every
// run. Quorum arithmetic end to end, and the PBS curve of w=1,r=1 against
// w=2,r=2 (the README's quorum table comes from these settings).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../../harness/config.ts';
import { executeRun } from '../../harness/execute.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-leaderless-sim-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const CHECKERS = 'read-your-writes,monotonic-reads,staleness,convergence,lost-writes';

interface Verdict {
  readonly valid: unknown;
  readonly stats: Readonly<Record<string, number>>;
}

async function simRun(
  test: string,
  raw: Record<string, unknown>,
): Promise<Record<string, Verdict>> {
  const config = resolveRunConfig(
    {
      backend: 'sim',
      out,
      test,
      seed: 5,
      timeLimit: 10,
      mode: 'leaderless',
      nemesis: 'partition',
      nemesisInterval: 1,
      checkers: CHECKERS,
      ...raw,
    },
    1,
  );
  const outcome = await executeRun(config, { log: () => {} });
  return outcome.results as unknown as Record<string, Verdict>;
}

describe('leaderless on the simulation backend (partitions every second)', () => {
  it('w=1,r=1 reads stale data; w=2,r=2 never does; the PBS numbers show the difference', async () => {
    const weak = await simRun('w1r1', { quorumW: 1, quorumR: 1 });
    const strict = await simRun('w2r2', { quorumW: 2, quorumR: 2 });
    expect(weak['read-your-writes']!.valid).toBe(false);
    expect(weak.staleness!.stats.staleReads).toBeGreaterThan(0);
    for (const id of ['read-your-writes', 'monotonic-reads', 'staleness', 'convergence'])
      expect(strict[id]!.valid, id).toBe(true);
    expect(strict.staleness!.stats.staleReads).toBe(0);
    expect(strict.staleness!.stats.pbsK1).toBe(1);
    const k1 = weak.staleness!.stats.pbsK1!;
    expect(k1, 'P(fresh) of w=1,r=1 is clearly below w=2,r=2').toBeLessThan(0.97);
    expect(weak.staleness!.stats.pbsK3!).toBeGreaterThan(k1);
    // Within 2 ms of a write, w=1,r=1 is most often stale; w=2,r=2 never is.
    expect(weak.staleness!.stats.pbsT1Ms!).toBeLessThan(strict.staleness!.stats.pbsT1Ms!);
  });

  it('w=2,r=2 with a sloppy quorum during partitions: stale reads found (the quorums no longer overlap)', async () => {
    const base = { nodes: 5, quorumN: 3, quorumW: 2, quorumR: 2 };
    const sloppy = await simRun('sloppy', { ...base, sloppy: true });
    expect(sloppy['read-your-writes']!.valid).toBe(false);
    expect(sloppy.staleness!.stats.staleReads).toBeGreaterThan(0);
    expect(
      sloppy.convergence!.valid,
      'hinted handoff and anti-entropy converge after the heal',
    ).toBe(true);
    const strict = await simRun('strict', base);
    expect(strict['read-your-writes']!.valid).toBe(true);
    expect(strict.staleness!.stats.staleReads).toBe(0);
  });

  it('--conflicts lww under clock skew loses acknowledged writes; siblings keep them', async () => {
    const clock = { quorumW: 2, quorumR: 2, nemesis: 'clock' };
    const lww = await simRun('lww-clock', { ...clock, conflicts: 'lww' });
    expect(lww['lost-writes']!.valid).toBe(false);
    const siblings = await simRun('siblings-clock', { ...clock, conflicts: 'siblings' });
    expect(siblings['lost-writes']!.valid).toBe(true);
    expect(siblings['read-your-writes']!.valid).toBe(true);
  });
});

describe('faults on a cluster where no node leads', () => {
  it('kills and pauses hit random nodes by default, and every requested fault takes effect', async () => {
    const r = await simRun('kill-pause', {
      quorumW: 2,
      quorumR: 2,
      nemesis: 'partition,kill,pause',
      nemesisInterval: 1,
      checkers: 'read-your-writes',
    });
    const health = r['run-health'] as unknown as { valid: unknown; explanation?: string };
    expect(health.valid, JSON.stringify(health)).toBe(true);
  });

  it('a leader target is refused before the run starts, naming the flag', async () => {
    await expect(simRun('kill-leader', { nemesis: 'kill', killTargets: 'leader' })).rejects.toThrow(
      /--kill-targets leader: no single node leads this cluster \(leaderless or multi-leader\)/,
    );
    await expect(simRun('isolate-leader', { partitionKinds: 'isolate-leader' })).rejects.toThrow(
      /--partition-kinds isolate-leader/,
    );
    // Multi-leader has no single leader either: every node takes writes.
    await expect(
      simRun('ml-kill-leader', { mode: 'multi-leader', nemesis: 'kill', killTargets: 'leader' }),
    ).rejects.toThrow(/--kill-targets leader: no single node leads/);
  });
});
