// A run is never green because nothing happened. On the simulation backend
// (real store core, seeded network and clock): a requested fault that never
// took effect, or a run in which no client op succeeded, is unknown (exit 2),
// and `splitbrain check` on the run directory says the same from the
// history alone. Settings under which nothing could happen exit 3 before
// anything starts.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitbrain } from './testing/cli.ts';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../checkers/checker.ts';
import { checkHistoryFile } from './check.ts';
import { resolveRunConfig } from './config.ts';
import { executeRun } from './execute.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-run-health-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function schedule(name: string, ops: unknown[]): string {
  const path = join(out, `${name}.json`);
  writeFileSync(path, JSON.stringify({ ops }));
  return path;
}

async function simRun(test: string, raw: Record<string, unknown>) {
  const config = resolveRunConfig(
    { backend: 'sim', out, test, seed: 4, timeLimit: 4, readFrom: 'leader', ...raw },
    1,
  );
  const outcome = await executeRun(config, { log: () => {} });
  const runConfig = JSON.parse(readFileSync(join(outcome.runDir, 'config.json'), 'utf8'));
  // What `splitbrain check <run dir>` computes: the run's checkers over its history file.
  const again = checkHistoryFile(join(outcome.runDir, 'history.jsonl'), runConfig.checkers);
  return { ...outcome, again, health: outcome.results['run-health'] as CheckResult };
}

describe('run-health in a run', () => {
  it('a healthy run records its faults first and is valid', async () => {
    const r = await simRun('healthy', {
      nemesisSchedule: schedule('isolate', [
        { atS: 1, f: 'start-partition', value: { isolate: 'n3' } },
        { atS: 2, f: 'stop-partition' },
      ]),
    });
    const first = JSON.parse(readFileSync(join(r.runDir, 'history.jsonl'), 'utf8').split('\n')[0]!);
    expect(first).toEqual({
      index: 0,
      type: 'info',
      process: 'nemesis',
      f: 'faults-requested',
      value: { partition: ['start-partition'] },
      time: 0,
    });
    expect(r.health.valid).toBe(true);
    expect(r.exitCode).toBe(0);
  });

  it('a requested fault that never took effect makes the run unknown, offline too', async () => {
    // One component holding every node: a partition that cuts no link.
    const r = await simRun('partition-cut-nothing', {
      nemesisSchedule: schedule('cut-nothing', [
        { atS: 1, f: 'start-partition', value: { components: [['n1', 'n2', 'n3']] } },
      ]),
    });
    expect(r.health.valid).toBe('unknown');
    expect(r.health.error).toMatch(/the partition fault never took effect: all 1 start-partition/);
    expect(r.results['read-your-writes']).toMatchObject({ valid: true });
    expect(r.valid).toBe('unknown');
    expect(r.exitCode).toBe(2);
    expect(r.again).toEqual(r.results);
  });

  it('a run in which no client op succeeded is unknown, offline too', async () => {
    // Every node is down for the whole client phase; the heal restarts them for the final reads.
    const r = await simRun('all-down', {
      nemesisSchedule: schedule('kill-all', [{ atS: 0, f: 'kill', value: 'all' }]),
      opTimeoutMs: 200,
    });
    expect(r.health.valid).toBe('unknown');
    expect(r.health.error).toMatch(/^no client operation succeeded \(\d+ invoked/);
    expect(r.exitCode).toBe(2);
    expect(r.again).toEqual(r.results);
  });
});

describe('settings under which nothing could happen exit 3 before starting', () => {
  const cli = (test: string, ...args: string[]) =>
    splitbrain(['run', '--backend', 'sim', '--out', out, '--test', test, ...args]);

  it.each([
    [
      ['--nemesis', 'kill', '--kill-targets', 'n9'],
      '--kill-targets names n9, not a node of this 3-node cluster',
    ],
    [['--time-limit', '5'], '--time-limit 5 with --nemesis-interval 5 injects no fault'],
    [['--nemesis', 'kill', '--nemesis-schedule', 'x.json'], 'both choose the faults'],
  ])('%j', async (args, message) => {
    const test = `refused-${args.join('').replace(/\W/g, '')}`;
    const res = await cli(test, ...args);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain(message);
    expect(existsSync(join(out, test))).toBe(false);
  });

  it('a schedule file with an op past the time limit', async () => {
    const path = schedule('late', [{ atS: 9, f: 'kill', value: 'n1' }]);
    const res = await cli('refused-late', '--nemesis-schedule', path, '--time-limit', '5');
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain(`${path}: entry 0 (kill at 9 s) is at or after --time-limit 5`);
    expect(existsSync(join(out, 'refused-late'))).toBe(false);
  });
});
