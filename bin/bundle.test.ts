// The prebuilt bundle (bin/build.js, run by `npm ci` through `prepare`) says
// exactly what the sources through tsx say, and bin/start.js runs the sources
// whenever one of them is newer than the bundle.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseStart } from './start.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'splitbrain.js');
// Inside the clone: the bundle finds its packages in the clone's node_modules.
mkdirSync(join(ROOT, 'tmp'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'tmp', 'bundle-test-'));
const dist = join(dir, 'dist');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const op = (index: number, type: string, f: string, value: unknown) =>
  JSON.stringify({ index, type, process: 1, f, value, time: index * 1e6 });

function history(name: string, readBack: number | null): string {
  const path = join(dir, name);
  const lines = [
    op(0, 'invoke', 'write', [['w', 'k1', 1]]),
    op(1, 'ok', 'write', [['w', 'k1', 1]]),
    op(2, 'invoke', 'read', [['r', 'k1', null]]),
    op(3, 'ok', 'read', [['r', 'k1', readBack]]),
  ];
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const cli = (bundle: string, ...args: string[]) =>
  execa(process.execPath, [BIN, ...args], {
    reject: false,
    env: { SPLITBRAIN_BUNDLE: bundle, NO_COLOR: '1' },
    timeout: 60_000,
  });

describe('the bundle', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js'), dist]);
  }, 120_000);

  it('is what prepare makes: cli.js and a manifest of every source it holds', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.prepare).toBe('node bin/build.js');
    expect(existsSync(join(dist, 'cli.js'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
    expect(manifest.inputs).toContain('harness/cli.ts');
    expect(manifest.inputs).toContain('checkers/registry.ts');
    expect(chooseStart(ROOT, dist)).toEqual({
      kind: 'bundle',
      url: expect.stringMatching(/\/cli\.js$/),
    });
  });

  const cases: [string, string[]][] = [
    ['--version', ['--version']],
    ['--help', ['--help']],
    ['run --help', ['run', '--help']],
    ['check, valid', ['check', history('good.jsonl', 1)]],
    ['check, a stale read', ['check', history('stale.jsonl', null)]],
    ['a bad flag', ['check', 'x', '--checkerz', 'a']],
  ];
  it.each(cases)('%s: same output and exit code as the sources', async (_name, args) => {
    const [bundled, sources] = await Promise.all([cli(dist, ...args), cli('off', ...args)]);
    expect(bundled.stdout.length + bundled.stderr.length).toBeGreaterThan(0);
    expect({ out: bundled.stdout, err: bundled.stderr, code: bundled.exitCode }).toEqual({
      out: sources.stdout,
      err: sources.stderr,
      code: sources.exitCode,
    });
  });

  it('doctor says where the process started from', async () => {
    const [bundled, sources] = await Promise.all([cli(dist, 'doctor'), cli('off', 'doctor')]);
    expect(bundled.stdout).toMatch(/^splitbrain \S+ started from the bundle\n/);
    expect(sources.stdout).toContain(
      'started from the sources through tsx (SPLITBRAIN_BUNDLE=off)',
    );
  });

  it('finds the files beside its sources: report writes the page with its scripts', async () => {
    const run = join(dir, 'run');
    mkdirSync(run);
    writeFileSync(join(run, 'history.jsonl'), readFileSync(history('r.jsonl', 1)));
    writeFileSync(join(run, 'config.json'), JSON.stringify({ test: 'bundle', seed: 1 }));
    // check writes the results.json a report needs; its verdict is not the point here.
    expect((await cli(dist, 'check', run)).exitCode).not.toBe(3);
    const res = await cli(dist, 'report', run);
    expect(res.stderr).toBe('');
    expect(res.exitCode).toBe(0);
    expect(readFileSync(join(run, 'report.html'), 'utf8').length).toBeGreaterThan(10_000);
  });
});

describe('chooseStart', () => {
  const root = join(dir, 'root');
  const fake = join(dir, 'fake-dist');
  beforeAll(() => {
    mkdirSync(join(root, 'harness'), { recursive: true });
    writeFileSync(join(root, 'harness', 'cli.ts'), '');
    mkdirSync(fake, { recursive: true });
  });
  const manifest = (builtAtMs: number, inputs: string[]) =>
    writeFileSync(
      join(fake, 'manifest.json'),
      JSON.stringify({ builtAtMs, root: '../root', inputs }),
    );

  it('takes the bundle when every source is older than it', () => {
    manifest(Date.now() + 60_000, ['harness/cli.ts']);
    expect(chooseStart(root, fake).kind).toBe('bundle');
  });

  it('runs the sources when one changed after the build, and says which', () => {
    manifest(0, ['harness/cli.ts']);
    expect(chooseStart(root, fake)).toEqual({
      kind: 'sources',
      reason: 'harness/cli.ts changed since the bundle was built',
    });
  });

  it('runs the sources when a source is gone, there is no bundle, or SPLITBRAIN_BUNDLE=off', () => {
    manifest(Date.now() + 60_000, ['harness/cli.ts', 'harness/gone.ts']);
    expect(chooseStart(root, fake)).toMatchObject({ reason: expect.stringContaining('gone.ts') });
    expect(chooseStart(root, join(dir, 'nowhere')).kind).toBe('sources');
    expect(chooseStart(ROOT, 'off')).toEqual({ kind: 'sources', reason: 'SPLITBRAIN_BUNDLE=off' });
  });
});
