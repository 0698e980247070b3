// The budget flags through the real binary: a history that takes the search
// ~300 ms by default (2^14 linearized sets) runs out of a 1 ms or 1 MiB budget.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitbrain } from './testing/cli.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { hardRegisterJsonl } from '../checkers/testing/hard-register.ts';

const dir = mkdtempSync(join(tmpdir(), 'splitbrain-budget-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => splitbrain(args);

const history = join(dir, 'hard.jsonl');
writeFileSync(history, hardRegisterJsonl(14));
const check = (...flags: string[]) =>
  cli('check', history, '--checkers', 'linearizable-register', ...flags);

describe('splitbrain check --check-timeout-ms / --check-memory-mb', () => {
  it('the default budget gives the true verdict: not linearizable, exit 1', async () => {
    const res = await check();
    expect(res.stdout).toContain('read → 77 (process 99, op 29) cannot be linearized');
    expect(res.exitCode).toBe(1);
  });

  it('a 1 MiB memory bound (10,485 cached states) is unknown, exit 2, and says so', async () => {
    const res = await check('--check-memory-mb', '1');
    expect(res.stdout).toContain(
      'linearizable-register  unknown  0 anomalies  (budget exhausted (memory: past 1 MiB (--check-memory-mb)) in a partition of 15 ops',
    );
    expect(res.exitCode).toBe(2);
  });

  // The search polls the clock every 4,096 steps (under 1 ms here) and needs ~270 polls: some poll
  // is past 1 ms on any machine less than ~300× faster. The exact deadline is tested with an
  // injected clock in check-budget.test.ts.
  it('a 1 ms timeout is unknown, exit 2, with what was explored in results.json', async () => {
    // A run directory, so results.json is written next to the history.
    const run = join(dir, 'run');
    mkdirSync(run);
    writeFileSync(join(run, 'history.jsonl'), readFileSync(history));
    const res = await cli(
      'check',
      run,
      '--checkers',
      'linearizable-register',
      '--check-timeout-ms',
      '1',
    );
    expect(res.stdout).toContain('budget exhausted (time: past 1 ms (--check-timeout-ms))');
    expect(res.exitCode).toBe(2);
    const results = JSON.parse(readFileSync(join(run, 'results.json'), 'utf8'));
    expect(results.valid).toBe('unknown');
    expect(results['linearizable-register'].stats).toMatchObject({
      budget: 'time',
      operations: 15,
      partitionsChecked: 0,
      opsConsumed: 30,
    });
    expect(results['linearizable-register'].stats.steps).toBeGreaterThan(0);
  });

  it.each([
    [['check', history, '--check-timeout-ms', '0'], '--check-timeout-ms', 'got 0'],
    [['check', history, '--check-timeout-ms', '-5'], '--check-timeout-ms', 'got -5'],
    [['check', history, '--check-timeout-ms', 'abc'], '--check-timeout-ms', 'got "abc"'],
    [['check', history, '--check-memory-mb', '0'], '--check-memory-mb', 'got 0'],
    [['run', '--check-timeout-ms', '0', '--out', dir], '--check-timeout-ms', 'got 0'],
  ])('%j exits 3 naming the flag', async (args, flag, got) => {
    const res = await cli(...args);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain(`${flag} must be a whole number`);
    expect(res.stderr).toContain(got);
  });
});
