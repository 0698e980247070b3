// The matrix end to end on the simulator: a small grid, its files, and a
// deliberate bug that theory's table must flag as a disagreement.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cellsOf, checkGridNotEmpty, runMatrix, tasksOf } from './matrix.ts';
import { UsageError } from '../../core/errors.ts';
import { splitbrain } from '../testing/cli.ts';
import { resolveMatrixSpec } from './options.ts';
import { BUG_SWITCH } from '../../store/replication/bugs.ts';

const deps = { onRun: () => {}, nowMs: () => 0 };

function spec(extra: Record<string, unknown>) {
  const out = mkdtempSync(join(tmpdir(), 'sb-matrix-'));
  return resolveMatrixSpec(
    { nemesis: 'partition', seeds: 2, timeLimit: 6, parallel: 1, out, ...extra },
    '2026-01-01T00:00:00.000Z',
  );
}

afterEach(() => {
  delete process.env[BUG_SWITCH];
});

describe('splitbrain matrix on sim', () => {
  it('the CLI summary counts every run and says when too few seeds can show a finding', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sb-matrix-cli-'));
    const grid = ['--settings', 'async', '--read-from', 'leader', '--nemesis', 'partition'];
    const res = await splitbrain(['matrix', ...grid, '--seeds', '2', '--out', out]);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toContain('1 cells x 2 seeds, 2 runs in all');
    expect(res.stdout).toContain('(none can count with --seeds 2: a cell needs --finding-seeds 10');
    const none = await splitbrain(['matrix', ...grid.slice(0, 2), '--read-from', 'nowhere']);
    expect(none.exitCode).toBe(3);
  });

  it('a choice of flags that selects no cell is refused, naming the read policies the settings take', () => {
    const s = spec({
      modes: 'single-leader',
      settings: 'semi-sync-failover-readers',
      readFrom: 'any',
      nemesis: undefined,
    });
    expect(cellsOf(s)).toHaveLength(0);
    expect(() => checkGridNotEmpty(s)).toThrow(UsageError);
    expect(() => checkGridNotEmpty(s)).toThrow(
      '--modes, --settings and --read-from select no cell: the chosen settings take --read-from single-leader/semi-sync-failover-readers: leader, sticky',
    );
    expect(() => checkGridNotEmpty(spec({ settings: 'async', readFrom: 'any' }))).not.toThrow();
  });

  it('async + any breaks read-your-writes as theory allows; lsn-token keeps it', async () => {
    const s = spec({ settings: 'async', readFrom: 'any,lsn-token' });
    const file = await runMatrix(s, deps);
    expect(file.disagreements).toBe(0);
    const [any, token] = file.rows;
    expect(any!.guarantees[0]).toMatchObject({
      guarantee: 'read-your-writes',
      expect: 'may-violate',
    });
    expect(any!.guarantees[0]!.violated).toBeGreaterThan(0);
    expect(token!.guarantees[0]).toMatchObject({ violated: 0, runs: 2, status: 'agree' });
    const worst = any!.guarantees[0]!.worstRun!;
    expect(existsSync(join(s.dir, worst, 'report.html'))).toBe(true);
    // The worst run repeats from its replay.json, showing what made it the worst.
    const replay = JSON.parse(readFileSync(join(s.dir, worst, 'replay.json'), 'utf8'));
    expect(replay.options.seed).toBe(any!.guarantees[0]!.worstSeed);
    expect(replay.options.readFrom).toBe('any');
    expect(replay.expect).not.toBeNull();
    const html = readFileSync(join(s.dir, 'matrix.html'), 'utf8');
    expect(html).toContain(`${worst}/report.html`);
    expect(html).not.toMatch(/<script|https?:\/\//);
    expect(JSON.parse(readFileSync(join(s.dir, 'matrix.json'), 'utf8')).rows).toHaveLength(2);
  }, 120_000);

  it('--modes single-leader takes the deposed-leader grid too: kv-readers, its fixed schedule, runs long enough for it', () => {
    const s = spec({ modes: 'single-leader', settings: 'semi-sync-failover-readers', nemesis: '' });
    const tasks = tasksOf(s, cellsOf(s));
    expect(tasks.map((t) => t.cell)).toEqual([
      'single-leader/semi-sync-failover-readers/leader/depose-leader',
      'single-leader/semi-sync-failover-readers/leader/depose-leader',
      'single-leader/semi-sync-failover-readers/sticky/depose-leader',
      'single-leader/semi-sync-failover-readers/sticky/depose-leader',
    ]);
    expect(tasks[0]!.options).toMatchObject({
      workload: 'kv-readers',
      checkers: 'linearizable-kv,monotonic-reads',
      nemesis: 'none',
      timeLimit: 16,
      concurrency: 6,
    });
    expect(String(tasks[0]!.options.nemesisSchedule)).toMatch(/schedules\/depose-n1\.json$/);
  });

  it('--nemesis none alone is a cell of its own, not the default mixes', () => {
    expect(spec({ nemesis: 'none' }).nemeses.map((n) => n.id)).toEqual(['none']);
    expect(
      spec({ nemesis: 'none,partition' })
        .nemeses.map((n) => n.id)
        .sort(),
    ).toEqual(['none', 'partition']);
  });

  it('a store that acknowledges before sync is a disagreement with theory', async () => {
    process.env[BUG_SWITCH] = '1';
    const s = spec({ settings: 'sync', readFrom: 'any', bug: 'ack-before-sync' });
    const file = await runMatrix(s, deps);
    const ryw = file.rows[0]!.guarantees[0]!;
    expect(ryw).toMatchObject({ expect: 'must-hold', status: 'disagree' });
    expect(file.disagreements).toBeGreaterThan(0);
  }, 120_000);

  it('multi-leader LWW under clock skew loses writes; leaderless strict quorums keep read-your-writes', async () => {
    const s = spec({
      modes: 'multi-leader,leaderless',
      nemesis: undefined,
      settings: 'ml-lww,w2r2',
      timeLimit: 10,
    });
    const file = await runMatrix(s, deps);
    expect(file.disagreements).toBe(0);
    // multi-leader runs under skew and skew-ahead, leaderless under its own mixes.
    expect(file.rows.map((r) => r.nemesis.id)).toEqual([
      'skew',
      'skew-ahead',
      'partition',
      'mixed',
    ]);
    const ml = file.rows.find((r) => r.mode === 'multi-leader');
    const ll = file.rows.find((r) => r.mode === 'leaderless');
    expect(ml!.nemesis.kinds).toContain('clock');
    expect(ml!.guarantees.map((g) => g.guarantee)).toEqual([
      'lost-writes',
      'read-your-writes',
      'monotonic-reads',
      'convergence',
    ]);
    expect(ml!.guarantees[0]).toMatchObject({ expect: 'may-violate', runs: 2 });
    expect(ml!.guarantees[0]!.violated).toBeGreaterThan(0);
    expect(ll!.guarantees[0]).toMatchObject({
      guarantee: 'read-your-writes',
      expect: 'must-hold',
      runs: 2,
      status: 'agree',
    });
    const html = readFileSync(join(s.dir, 'matrix.html'), 'utf8');
    expect(html).toContain('<h2>multi-leader</h2>');
    expect(html).toContain('<h2>leaderless</h2>');
  }, 120_000);

  it('refuses --bug and --detect unless the test switch is on', () => {
    expect(() => spec({ settings: 'sync', detect: 'all' })).toThrow(
      /^--detect runs a deliberately/,
    );
    expect(() => spec({ settings: 'nope' })).toThrow(/--settings nope is not one of/);
    // A typo names the choice meant, and a mode with two grids is named once.
    expect(() => spec({ modes: 'leaderles' })).toThrow(
      '--modes leaderles is not one of single-leader, multi-leader, leaderless (did you mean "leaderless"?)',
    );
    // Each cell starts its own cluster; an external one cannot be started per cell.
    expect(() => spec({ backend: 'external' })).toThrow(
      /--backend must be one of local, docker, sim,/,
    );
    process.env[BUG_SWITCH] = '1';
    expect(() => spec({ modes: 'leaderless', detect: 'ack-before-sync' })).toThrow(
      /--detect ack-before-sync is a bug of --mode single-leader/,
    );
    expect(() => spec({ detect: 'nope' })).toThrow(/^--detect must be one of/);
  });
});
