import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitbrain } from './testing/cli.ts';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'splitbrain-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => splitbrain(args);

const w = (i: number, p: number, v: number, type = 'ok') =>
  JSON.stringify({
    index: i,
    type,
    process: p,
    f: 'write',
    value: [['w', `k${p}`, v]],
    time: i * 1e6,
  });
const r = (i: number, p: number, k: string, v: number | null, type = 'ok') =>
  JSON.stringify({ index: i, type, process: p, f: 'read', value: [['r', k, v]], time: i * 1e6 });

describe('splitbrain CLI: bad input exits 3 and says what, where and how', () => {
  it('an unknown flag', async () => {
    const res = await cli('run', '--nodez', '3');
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('unknown flag --nodez (did you mean --nodes?)');
  });

  it('a misspelt value names the value meant', async () => {
    const res = await cli('run', '--nemesis', 'partiton,kill', '--out', dir);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('"partiton" (did you mean "partition"?)');
    const mode = await cli('run', '--mode', 'leaderles', '--out', dir);
    expect(mode.exitCode).toBe(3);
    expect(mode.stderr).toContain('got "leaderles" (did you mean "leaderless"?)');
  });

  it('a bad value', async () => {
    const res = await cli('run', '--nodes', '0', '--out', dir);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('--nodes must be a whole number from 1 to 15, got 0');
  });

  it('a word where a number belongs is quoted back as typed, not as null or NaN', async () => {
    const res = await cli('run', '--time-limit', 'abc', '--out', dir);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('--time-limit must be a number greater than 0, got "abc"');
    const bare = await cli('run', '--time-limit', '--out', dir);
    expect(bare.exitCode).toBe(3);
    expect(bare.stderr).toContain('time-limit');
  });

  it('an unknown checker id', async () => {
    const h = join(dir, 'ok.jsonl');
    writeFileSync(h, [w(0, 1, 1, 'invoke'), w(1, 1, 1)].join('\n') + '\n');
    const res = await cli('check', h, '--checkers', 'read-your-writes,telepathy');
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('telepathy');
  });

  it('a corrupt history line names the file and the line number', async () => {
    const h = join(dir, 'corrupt.jsonl');
    writeFileSync(h, [w(0, 1, 1, 'invoke'), '{"index":1,"type":"ok",', w(2, 1, 1)].join('\n'));
    const res = await cli('check', h);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain(`${h}:line 2`);
  });

  it('a history line with a bad field names the field', async () => {
    const h = join(dir, 'badtype.jsonl');
    writeFileSync(h, w(0, 1, 1, 'maybe') + '\n');
    const res = await cli('check', h);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('line 1: field "type" must be invoke, ok, fail or info');
  });
});

describe('splitbrain check on a bare history.jsonl', () => {
  it('exit 0 for a valid history, exit 1 with the stale read for a broken one', async () => {
    const good = join(dir, 'good.jsonl');
    writeFileSync(
      good,
      [
        w(0, 1, 1, 'invoke'),
        w(1, 1, 1),
        r(2, 1, 'k1', null, 'invoke'),
        r(3, 1, 'k1', 1),
        r(4, 1, 'k1', null, 'invoke'),
        r(5, 1, 'k1', 1),
      ].join('\n'),
    );
    const ok = await cli('check', good);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('read-your-writes');
    expect(ok.stdout).toContain('monotonic-reads');
    expect(ok.stdout).toContain('consistent-prefix');

    const bad = join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      [w(0, 1, 1, 'invoke'), w(1, 1, 1), r(2, 1, 'k1', null, 'invoke'), r(3, 1, 'k1', null)].join(
        '\n',
      ),
    );
    const res = await cli('check', bad, '--checkers', 'read-your-writes');
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toMatch(/read-your-writes\s+INVALID\s+1 anomaly/);
  });
});
