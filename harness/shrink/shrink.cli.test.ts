// Shrink and replay through the real binary: a sim run known to break
// read-your-writes (async replication, reads from any replica, a partition;
// seed 2 breaks it 60-odd times in 10 s) shrinks to a handful of ops with one
// fault, and its replay file repeats that run byte for byte.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitbrain } from '../testing/cli.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHistoryFile } from '../../core/history-file.ts';
import { isClientOp } from '../../core/history.ts';
import { SHRUNK_FILE } from './run-shrink.ts';

const dir = mkdtempSync(join(tmpdir(), 'splitbrain-shrink-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => splitbrain(args, { timeoutMs: 120_000 });

const BROKEN = ['--replication', 'async', '--read-from', 'any', '--nemesis', 'partition'];
const simRun = (out: string, seed: number, ...flags: string[]) =>
  cli(
    'run',
    '--backend',
    'sim',
    '--seed',
    String(seed),
    '--time-limit',
    '10',
    '--out',
    out,
    '--quiet',
    ...flags,
  );

/** The run directory a `splitbrain run` printed. */
const runDirOf = (out: string) => {
  const test = readdirSync(out).find((d) => d.startsWith('kv-'))!;
  const stamps = readdirSync(join(out, test)).sort();
  return join(out, test, stamps[stamps.length - 1]!);
};

describe('splitbrain shrink on a run that breaks read-your-writes', () => {
  let shrinkOut = '';
  let shrinkStdout = '';
  beforeAll(async () => {
    const res = await simRun(join(dir, 'orig'), 2, ...BROKEN);
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toMatch(/read-your-writes +INVALID/);
    shrinkOut = join(dir, 'shrunk');
    const shrink = await cli(
      'shrink',
      runDirOf(join(dir, 'orig')),
      '--out',
      shrinkOut,
      '--max-runs',
      '200',
    );
    expect(shrink.stderr).toBe('');
    expect(shrink.exitCode).toBe(1);
    shrinkStdout = shrink.stdout;
  }, 240_000);

  it('ends with a handful of ops, at most 2 clients and exactly one fault', () => {
    expect(shrinkStdout).toMatch(/before: \d{3,} ops, 5 clients, 1 fault/);
    expect(shrinkStdout).toContain(
      `repeat: npx splitbrain run --replay ${join(shrinkOut, SHRUNK_FILE)}`,
    );
    const replay = JSON.parse(readFileSync(join(shrinkOut, SHRUNK_FILE), 'utf8'));
    expect(replay.expect).toEqual({ checker: 'read-your-writes', anomaly: 'stale-read' });
    expect(replay.options.backend).toBe('sim');
    expect(replay.options.concurrency).toBeLessThanOrEqual(2);
    expect(replay.schedule.filter((o: { f: string }) => o.f === 'start-partition')).toHaveLength(1);
    const ops = [...readHistoryFile(join(runDirOf(shrinkOut), 'history.jsonl'))];
    const invokes = ops.filter((o) => isClientOp(o) && o.type === 'invoke');
    expect(invokes.length).toBeGreaterThan(0);
    expect(invokes.length).toBeLessThanOrEqual(20);
    expect(new Set(invokes.map((o) => o.process)).size).toBeLessThanOrEqual(2);
  });

  it("the original run's replay.json names what it showed and reproduces it", async () => {
    const file = join(runDirOf(join(dir, 'orig')), 'replay.json');
    const replay = JSON.parse(readFileSync(file, 'utf8'));
    expect(replay.expect).toEqual({ checker: 'read-your-writes', anomaly: 'stale-read' });
    expect(replay.schedule).toEqual([
      expect.objectContaining({
        atS: 5,
        f: 'start-partition',
        value: expect.objectContaining({ grudge: expect.any(Object) }),
      }),
    ]);
    const res = await cli('run', '--replay', file, '--out', join(dir, 'replay0'), '--quiet');
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toContain('replay: reproduced: read-your-writes found stale-read');
  });

  it('run --replay shrunk.json reproduces the anomaly twice, with byte-identical histories', async () => {
    const histories: string[] = [];
    for (const n of [1, 2]) {
      const out = join(dir, `replay${n}`);
      const res = await cli(
        'run',
        '--replay',
        join(shrinkOut, SHRUNK_FILE),
        '--out',
        out,
        '--quiet',
      );
      expect(res.exitCode).toBe(1);
      expect(res.stdout).toContain('replay: reproduced: read-your-writes found stale-read');
      expect(res.stdout).toMatch(/stale-read: process \d+ wrote/);
      histories.push(readFileSync(join(runDirOf(out), 'history.jsonl'), 'utf8'));
    }
    expect(histories[0]!.length).toBeGreaterThan(0);
    expect(histories[1]).toBe(histories[0]);
  });
});

describe('shrink and --replay refuse what they cannot do, exit 3', () => {
  it('a valid run: nothing to shrink', async () => {
    const out = join(dir, 'valid');
    const run = await simRun(
      out,
      1,
      '--replication',
      'sync',
      '--read-from',
      'leader',
      '--nemesis',
      'none',
    );
    expect(run.exitCode).toBe(0);
    const res = await cli('shrink', runDirOf(out));
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('nothing to shrink: no checker found an anomaly in this run');
  });

  const good = {
    splitbrainReplay: 1,
    options: { backend: 'sim', seed: 2, timeLimitS: 1, replication: 'async' },
    schedule: [{ atS: 0, f: 'start-partition', value: { grudge: { n3: ['n1', 'n2'] } } }],
    expect: { checker: 'read-your-writes', anomaly: 'stale-read' },
  };
  const cases: [string, unknown, string][] = [
    [
      'a local backend',
      { ...good, options: { ...good.options, backend: 'local' } },
      'options.backend is "local"; only --backend sim repeats a run exactly',
    ],
    ['no seed', { ...good, options: { backend: 'sim' } }, 'options.seed is missing'],
    [
      'an unknown option',
      { ...good, options: { ...good.options, bogus: 1 } },
      'options.bogus is not a run option',
    ],
    [
      'the wrong version',
      { ...good, splitbrainReplay: 9 },
      'splitbrainReplay is 9; this splitbrain reads version 1',
    ],
    [
      'a bad fault op',
      { ...good, schedule: [{ atS: 0, f: 'explode' }] },
      'schedule: entry 0 ({"atS":0,"f":"explode"}): f must be one of',
    ],
    ['a bad expectation', { ...good, expect: 'stale' }, 'expect is "stale"; give {"checker"'],
    [
      'an unknown checker',
      { ...good, expect: { checker: 'nope', anomaly: 'x' } },
      'expect.checker is "nope", not a checker; use one of',
    ],
    [
      'an option value out of range',
      { ...good, options: { ...good.options, nodes: 0 } },
      '--nodes must be a whole number from 1 to 15, got 0; edit "options"."nodes" in the file',
    ],
  ];
  for (const [name, content, message] of cases)
    it(`a replay file with ${name}`, async () => {
      const file = join(dir, `${name.replace(/ /g, '-')}.json`);
      writeFileSync(file, JSON.stringify(content));
      const res = await cli('run', '--replay', file, '--out', join(dir, 'bad'));
      expect(res.exitCode).toBe(3);
      expect(res.stderr).toContain(`replay file ${file}: ${message}`);
    });

  it('--replay with no value', async () => {
    const res = await cli('run', '--replay', '', '--out', join(dir, 'bad'));
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('no replay given; give a sim run directory or a replay file');
  });

  it('--max-ops 0', async () => {
    const res = await cli('run', '--backend', 'sim', '--max-ops', '0', '--out', join(dir, 'bad'));
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('--max-ops must be a whole number from 1');
  });

  it('a run flag beside --replay', async () => {
    const file = join(dir, 'good.json');
    writeFileSync(file, JSON.stringify(good));
    const res = await cli('run', '--replay', file, '--concurrency', '3');
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('--concurrency cannot go with --replay');
  });
});
