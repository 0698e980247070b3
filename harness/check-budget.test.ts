import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { hardRegisterJsonl } from '../checkers/testing/hard-register.ts';
import { checkBudgetFor, resolveCheckBudget } from './check-budget.ts';
import { checkOps } from './check.ts';
import { runCheckCommand } from './commands/check.ts';
import { repeatCommand, resolveRunConfig } from './config.ts';
import { UsageError } from '../core/errors.ts';

// The staleness checker, as the registry hands it out, throws on its second op.
vi.mock('../checkers/staleness.ts', () => ({
  staleness: {
    id: 'staleness',
    description: 'throws on its second op (a checker with a bug)',
    start: () => {
      let seen = 0;
      return {
        step: () => {
          if (++seen === 2) throw new TypeError('cannot read "version" of undefined');
        },
        finish: () => ({ valid: true, anomalies: [], stats: {} }),
      };
    },
  },
}));

const dir = mkdtempSync(join(tmpdir(), 'splitbrain-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('--check-timeout-ms and --check-memory-mb', () => {
  it.each([
    [{ checkTimeoutMs: 0 }, '--check-timeout-ms must be a whole number of ms from 1 to', 'got 0'],
    [{ checkTimeoutMs: -5 }, '--check-timeout-ms must be a whole number', 'got -5'],
    [{ checkTimeoutMs: NaN }, '--check-timeout-ms must be', 'got NaN'],
    [{ 'check-timeout-ms': 'soon' }, '--check-timeout-ms must be', 'got "soon"'],
    [{ checkMemoryMb: 1.5 }, '--check-memory-mb must be a whole number of MiB', 'got 1.5'],
    [{ checkMemoryMb: 0 }, '--check-memory-mb must be', 'got 0'],
  ])('rejects %j naming the flag', (raw, what, got) => {
    expect(() => resolveCheckBudget(raw)).toThrow(UsageError);
    expect(() => resolveCheckBudget(raw)).toThrow(what);
    expect(() => resolveCheckBudget(raw)).toThrow(got);
  });

  it('is part of the run config, validated there, and repeated in the repeat command', () => {
    const c = resolveRunConfig({ checkTimeoutMs: 5000, checkMemoryMb: 256 }, 1);
    expect(c).toMatchObject({ checkTimeoutMs: 5000, checkMemoryMb: 256 });
    expect(repeatCommand(c)).toContain('--check-timeout-ms 5000 --check-memory-mb 256');
    expect(repeatCommand(resolveRunConfig({}, 1))).not.toContain('--check-');
    expect(() => resolveRunConfig({ checkTimeoutMs: 0 }, 1)).toThrow('--check-timeout-ms');
  });

  it('gives the checkers a heap guard only with a memory bound', () => {
    expect(checkBudgetFor({ checkTimeoutMs: 10 }).heapBytes).toBeUndefined();
    const b = checkBudgetFor({ checkMemoryMb: 64 });
    expect(b.memoryMb).toBe(64);
    expect(b.heapBytes!()).toBeGreaterThan(0);
  });
});

describe('splitbrain check with a budget (in process, clock injected)', () => {
  const history = join(dir, 'hard.jsonl');
  writeFileSync(history, hardRegisterJsonl(14));

  async function check(args: Record<string, unknown>, nowMs?: () => number) {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    await runCheckCommand(
      { path: history, checkers: 'linearizable-register', ...args },
      nowMs ? { nowMs } : {},
    );
    return { out, exitCode: process.exitCode };
  }

  it('past --check-timeout-ms is unknown, exit 2, naming the budget', async () => {
    let t = 0;
    // 1 ms a clock read: the search polls the clock ~270 times before it would finish.
    const r = await check({ checkTimeoutMs: 50 }, () => (t += 1));
    expect(r.exitCode).toBe(2);
    expect(r.out).toContain('budget exhausted (time: past 50 ms (--check-timeout-ms))');
  });

  it('with no budget the same history gets its true verdict, exit 1', async () => {
    let t = 0;
    const r = await check({}, () => (t += 1));
    expect(r.exitCode).toBe(1);
    expect(r.out).toContain('read → 77 (process 99, op 29) cannot be linearized');
  });
});

describe('a checker that throws, found through the registry', () => {
  it('is unknown with its error, and the other checkers still report', () => {
    const ops = [
      {
        index: 0,
        type: 'invoke' as const,
        process: 1,
        f: 'write',
        value: [['w', 'x', 1]],
        time: 1,
      },
      { index: 1, type: 'ok' as const, process: 1, f: 'write', value: [['w', 'x', 1]], time: 2 },
      {
        index: 2,
        type: 'invoke' as const,
        process: 1,
        f: 'read',
        value: [['r', 'x', null]],
        time: 3,
      },
      { index: 3, type: 'ok' as const, process: 1, f: 'read', value: [['r', 'x', null]], time: 4 },
      {
        index: 4,
        type: 'invoke' as const,
        process: 1,
        f: 'read',
        value: [['r', 'x', null]],
        time: 5,
      },
      { index: 5, type: 'ok' as const, process: 1, f: 'read', value: [['r', 'x', 1]], time: 6 },
    ];
    const rs = checkOps(ops, ['staleness', 'read-your-writes', 'monotonic-reads'], {
      timeoutMs: 60_000,
      nowMs: () => 0,
    });
    expect(rs.staleness).toEqual({
      valid: 'unknown',
      anomalies: [],
      stats: {},
      error: 'checker crashed: TypeError: cannot read "version" of undefined',
    });
    // The read of x returned nothing newer than absent after the session wrote 1: stale.
    expect(rs['read-your-writes']!.valid).toBe(false);
    expect(rs['read-your-writes']!.anomalies.map((a) => a.ops)).toEqual([[1, 3]]);
    expect(rs['monotonic-reads']!.valid).toBe(true);
  });
});
