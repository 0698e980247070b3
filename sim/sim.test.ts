// The simulation backend: the real store core on a seeded network and a
// virtual clock, driven by the real interpreter. Fast and exactly repeatable.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../harness/config.ts';
import { executeRun } from '../harness/execute.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-sim-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function simRun(test: string, raw: Record<string, unknown>) {
  const config = resolveRunConfig({ backend: 'sim', out, test, timeLimit: 10, ...raw }, 1);
  const outcome = await executeRun(config, { log: () => {} });
  return { ...outcome, history: readFileSync(join(outcome.runDir, 'history.jsonl'), 'utf8') };
}

describe('simulation backend', () => {
  it('the same seed gives the same history, byte for byte; another seed does not', async () => {
    // An interval of 1 s leaves room in 10 s for one fault of each of the five kinds.
    const opts = { seed: 42, nemesis: 'partition,kill,clock,pause,link', nemesisInterval: 1 };
    const a = await simRun('same-a', opts);
    const b = await simRun('same-b', opts);
    const c = await simRun('same-c', { ...opts, seed: 43 });
    expect(a.history.length).toBeGreaterThan(10_000);
    expect(b.history).toBe(a.history);
    expect(c.history).not.toBe(a.history);
    expect(b.results).toEqual(a.results);
  });

  it('async replication, reads from any node, partitions: read-your-writes is violated', async () => {
    const r = await simRun('sim-ryw-any', {
      seed: 3,
      readFrom: 'any',
      nemesis: 'partition',
      nemesisInterval: 2,
      rate: 200,
    });
    expect(r.exitCode).toBe(1);
    expect(r.results['read-your-writes']).toMatchObject({ valid: false });
  });

  it('reads from the leader, no faults: every guarantee holds', async () => {
    const r = await simRun('sim-leader', { seed: 3, readFrom: 'leader', nemesis: 'none' });
    expect(r.exitCode).toBe(0);
    expect(r.results.valid).toBe(true);
    expect(r.history.split('\n').filter((l) => l.includes('"final-read"'))).toHaveLength(6);
  });
});
