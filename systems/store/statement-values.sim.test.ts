// Statement values on the simulation backend: the real store core, client and
// checkers on a seeded network and virtual clock, so the verdicts and counts
// below repeat exactly. No faults: any divergence comes from the log format.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Anomaly } from '../../checkers/checker.ts';
import { resolveRunConfig } from '../../harness/config.ts';
import { executeRun } from '../../harness/execute.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-statement-sim-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Convergence {
  readonly valid: unknown;
  readonly anomalies: readonly Anomaly[];
  readonly stats: Readonly<Record<string, unknown>>;
}

async function simRun(test: string, raw: Record<string, unknown>): Promise<Convergence> {
  const config = resolveRunConfig(
    {
      backend: 'sim',
      out,
      test,
      seed: 5,
      timeLimit: 3,
      nemesis: 'none',
      checkers: 'convergence',
      ...raw,
    },
    1,
  );
  const outcome = await executeRun(config, { log: () => {} });
  return outcome.results.convergence as Convergence;
}

/** The key each divergent-values sentence names. */
const keysNamed = (c: Convergence) =>
  c.anomalies.map((a) => / different values for (k\d+) at version /.exec(a.explanation)?.[1]);

describe('statement values (simulation, no faults)', () => {
  it('statement log: every written key diverges at one version on all three replicas', async () => {
    const c = await simRun('statement', { logFormat: 'statement' });
    expect(c.valid).toBe(false);
    expect(c.anomalies.map((a) => a.kind)).toEqual(Array(5).fill('divergent-values'));
    expect(keysNamed(c)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(c.stats).toMatchObject({ finalReads: 3, keysCompared: 5, divergentKeys: 5 });
  });

  it('row log with the same writes: the leader evaluated once, replicas agree', async () => {
    const c = await simRun('row', { kvValues: 'statement' });
    expect(c.valid).toBe(true);
    expect(c.stats).toMatchObject({ finalReads: 3, keysCompared: 5, divergentKeys: 0 });
  });

  it('statement log with plain integer writes: nothing nondeterministic, replicas agree', async () => {
    const c = await simRun('plain', { logFormat: 'statement', kvValues: 'plain' });
    expect(c.valid).toBe(true);
    expect(c.stats).toMatchObject({ finalReads: 3, divergentKeys: 0 });
  });
});
