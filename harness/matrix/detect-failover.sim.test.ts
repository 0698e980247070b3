// The deliberate failover bugs (single-leader) and multi-leader's
// causality-by-timestamp, each forced on the simulator with a fixed seed and
// the matrix's own fixed schedule (schedules/), so the test is certain rather
// than lucky: the bug's run shows the exact anomaly the detection table
// counts, and the same run without the bug shows none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../config.ts';
import { executeRun } from '../execute.ts';
import { BUG_SWITCH } from '../../store/replication/bugs.ts';
import type { CheckResult } from '../../checkers/checker.ts';
import { DEPOSE_LEADER, SKEW_AHEAD } from './grid.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-detect-failover-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
afterEach(() => {
  delete process.env[BUG_SWITCH];
});

type Results = Record<string, CheckResult>;

async function run(test: string, options: Record<string, unknown>): Promise<Results> {
  const config = resolveRunConfig({ backend: 'sim', out, test, seed: 3, ...options }, 1);
  const outcome = await executeRun(config, { log: () => {} });
  return outcome.results as Results;
}

/** The same run without and with the bug. */
async function cleanAndBuggy(
  name: string,
  options: Record<string, unknown>,
  bug: string,
): Promise<{ clean: Results; buggy: Results }> {
  const clean = await run(`${name}-clean`, options);
  process.env[BUG_SWITCH] = '1';
  const buggy = await run(`${name}-bug`, { ...options, bug });
  return { clean, buggy };
}

const kinds = (r: CheckResult | undefined): string[] => [
  ...new Set((r?.anomalies ?? []).map((a) => a.kind)),
];

/** The deposed-leader cell: kv-readers on semi-sync failover under schedules/depose-n1.json. */
const deposed = (readFrom: string, checkers: string) => ({
  workload: 'kv-readers',
  mode: 'single-leader',
  replication: 'semi-sync',
  failoverTimeoutMs: 1000,
  readFrom,
  checkers,
  nemesisSchedule: DEPOSE_LEADER.schedule,
  timeLimit: DEPOSE_LEADER.minTimeLimitS,
});

describe('deliberate failover bugs, each forced in the deposed leader window', () => {
  it('leader-reads-unconfirmed: readers still asking the deposed n1 miss writes its successor acknowledged', async () => {
    const { clean, buggy } = await cleanAndBuggy(
      'leader-reads',
      deposed('leader', 'linearizable-kv'),
      'leader-reads-unconfirmed',
    );
    expect(clean['linearizable-kv']).toMatchObject({ valid: true });
    expect(buggy['linearizable-kv']?.valid).toBe(false);
    expect(kinds(buggy['linearizable-kv'])).toEqual(['not-linearizable']);
  }, 120_000);

  it("failover-without-fencing: a replica takes the old term's entries over committed writes, and a session reads back in time", async () => {
    const { clean, buggy } = await cleanAndBuggy(
      'fencing',
      deposed('sticky', 'monotonic-reads'),
      'failover-without-fencing',
    );
    expect(clean['monotonic-reads']).toMatchObject({ valid: true });
    expect(buggy['monotonic-reads']?.valid).toBe(false);
    expect(kinds(buggy['monotonic-reads'])).toEqual(['non-monotonic-read']);
  }, 120_000);
});

describe('deliberate multi-leader bug, forced', () => {
  it('causality-by-timestamp: after a clock ran ahead, the peers drop that node’s later writes and the replicas diverge', async () => {
    const { clean, buggy } = await cleanAndBuggy(
      'timestamp',
      {
        mode: 'multi-leader',
        conflicts: 'siblings',
        readFrom: 'any',
        checkers: 'lost-writes,convergence',
        nemesisSchedule: SKEW_AHEAD.schedule,
        timeLimit: 8,
      },
      'causality-by-timestamp',
    );
    expect(clean['lost-writes']).toMatchObject({ valid: true });
    expect(clean.convergence).toMatchObject({ valid: true });
    // The node that ran ahead keeps its later writes; its peers dropped them.
    expect(buggy.convergence?.valid).toBe(false);
    expect(kinds(buggy.convergence)).toEqual(['divergent-replicas']);
  }, 120_000);
});
