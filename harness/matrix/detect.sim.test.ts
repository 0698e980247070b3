// Each deliberate leaderless bug forced on the simulator with a fixed seed and
// schedule, so the test is certain rather than lucky: the bug's run shows the
// exact anomaly the detection table counts, and the same run without the bug
// shows none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../config.ts';
import { executeRun } from '../execute.ts';
import { BUG_SWITCH } from '../../store/replication/bugs.ts';
import { scheduleFixture } from '../../systems/store/testing/multi-leader-runs.ts';
import type { CheckResult } from '../../checkers/checker.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-detect-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
afterEach(() => {
  delete process.env[BUG_SWITCH];
});

async function leaderlessRun(
  test: string,
  extra: Record<string, unknown>,
): Promise<Record<string, CheckResult>> {
  const config = resolveRunConfig(
    {
      backend: 'sim',
      out,
      test,
      seed: 7,
      timeLimit: 5,
      rate: 40,
      concurrency: 6,
      workload: 'kv',
      mode: 'leaderless',
      checkers: 'lost-writes,convergence',
      ...extra,
    },
    1,
  );
  const outcome = await executeRun(config, { log: () => {} });
  return outcome.results as Record<string, CheckResult>;
}

const kinds = (r: CheckResult | undefined): string[] => [
  ...new Set((r?.anomalies ?? []).map((a) => a.kind)),
];

describe('deliberate leaderless bugs, each forced', () => {
  it('read-repair-skipped: with n1 cut off all run and no anti-entropy, the final reads diverge', async () => {
    const forced = {
      antiEntropyIntervalMs: 0,
      nemesisSchedule: scheduleFixture('isolate-n1-until-heal'),
    };
    const clean = await leaderlessRun('repair-clean', forced);
    expect(clean.convergence).toMatchObject({ valid: true });
    expect(clean['lost-writes']).toMatchObject({ valid: true });
    process.env[BUG_SWITCH] = '1';
    const buggy = await leaderlessRun('repair-bug', { ...forced, bug: 'read-repair-skipped' });
    expect(buggy.convergence?.valid).toBe(false);
    expect(kinds(buggy.convergence)).toEqual(['divergent-replicas']);
  }, 60_000);

  it("version-vector-ignores-node: without any fault, n3's acknowledged writes are dropped", async () => {
    const clean = await leaderlessRun('vv-clean', { nemesis: 'none' });
    expect(clean['lost-writes']).toMatchObject({ valid: true });
    expect(clean.convergence).toMatchObject({ valid: true });
    process.env[BUG_SWITCH] = '1';
    const buggy = await leaderlessRun('vv-bug', {
      nemesis: 'none',
      bug: 'version-vector-ignores-node',
    });
    expect(buggy['lost-writes']?.valid).toBe(false);
    expect(kinds(buggy['lost-writes'])).toContain('lost-write');
  }, 60_000);
});
