// The terminal as a new user meets it (issue 20): help and version flags, the
// bare command, unknown flags named once with the nearest one, colour that
// follows FORCE_COLOR and NO_COLOR on a terminal and off it, errors that name
// the flag or file and the fix, and runs refused before they start that leave
// nothing behind. Each test spawns the real binary.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, splitbrain } from './testing/cli.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { repeatCommand, resolveRunConfig } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'splitbrain-terminal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string> = { NO_COLOR: '1' }) =>
  splitbrain(args, { env, extendEnv: false });

const HISTORY = join(dir, 'stale.jsonl');
writeFileSync(
  HISTORY,
  [
    { index: 0, type: 'invoke', f: 'write', value: [['w', 'k1', 1]] },
    { index: 1, type: 'ok', f: 'write', value: [['w', 'k1', 1]] },
    { index: 2, type: 'invoke', f: 'read', value: [['r', 'k1', null]] },
    { index: 3, type: 'ok', f: 'read', value: [['r', 'k1', null]] },
  ]
    .map((op) => JSON.stringify({ ...op, process: 1, time: op.index * 1e6 }))
    .join('\n') + '\n',
);
const ESC = '\x1b[';

describe('help and version', () => {
  it('-h is --help and -V is --version', async () => {
    const [h, help, v, version] = await Promise.all([
      cli(['-h']),
      cli(['--help']),
      cli(['-V']),
      cli(['--version']),
    ]);
    expect(h.exitCode).toBe(0);
    expect(h.stdout).toBe(help.stdout);
    expect(h.stdout).toContain('Commands:');
    expect(v.exitCode).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+$/);
    expect(v.stdout).toBe(version.stdout);
  });

  it('a bare splitbrain shows the help and exits 0', async () => {
    const res = await cli([]);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toContain('splitbrain run');
    expect(res.stdout).toContain('splitbrain check <path>');
  });
});

describe('unknown arguments', () => {
  it('names a flag once, as typed, with the nearest flag', async () => {
    const res = await cli(['run', '--bogus-flag', '--seedd', '3']);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('unknown flag --bogus-flag;');
    expect(res.stderr).not.toContain('bogusFlag');
    expect(res.stderr).toContain('unknown flag --seedd (did you mean --seed?)');
  });

  it('names an unknown command and the nearest one', async () => {
    const res = await cli(['chek', HISTORY]);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('unknown command "chek" (did you mean check?)');
  });
});

/** Runs the command on a pseudo-terminal (util-linux script) and returns what it printed. */
function onTerminal(args: string[], env: Record<string, string>): string {
  const command = [process.execPath, BIN, ...args].map((w) => `'${w}'`).join(' ');
  try {
    return execFileSync('script', ['-qefc', command, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env },
      encoding: 'utf8',
    });
  } catch (err) {
    // check exits 1 for the stale read; its output is what we want.
    return String((err as { stdout?: string }).stdout ?? '');
  }
}

describe('colour', () => {
  it('on a terminal by default; off there with FORCE_COLOR=0 or NO_COLOR', () => {
    expect(onTerminal(['check', HISTORY], {})).toContain(ESC);
    const forcedOff = onTerminal(['check', HISTORY], { FORCE_COLOR: '0' });
    expect(forcedOff).toContain('INVALID');
    expect(forcedOff).not.toContain(ESC);
    expect(onTerminal(['check', HISTORY], { NO_COLOR: '1' })).not.toContain(ESC);
  });

  it('off in a pipe; on there with FORCE_COLOR=1', async () => {
    expect((await cli(['check', HISTORY], {})).stdout).not.toContain(ESC);
    expect((await cli(['check', HISTORY], { FORCE_COLOR: '1' })).stdout).toContain(ESC);
  });
});

describe('errors name the flag or file and the fix', () => {
  const aFile = join(dir, 'a-file');
  writeFileSync(aFile, 'x');

  it('an unwritable --output names the file, with no "Run with --help"', async () => {
    const res = await cli(['check', HISTORY, '--output', join(aFile, 'out.json')]);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain(`${join(aFile, 'out.json')}: it has a file where a folder`);
    expect(res.stderr).not.toContain('--help');
  });

  it('--out naming a file, or a place not writable, is refused by name', async () => {
    const file = await cli([
      'run',
      '--out',
      aFile,
      '--backend',
      'sim',
      '--time-limit',
      '1',
      '--nemesis',
      'none',
    ]);
    expect(file.exitCode).toBe(3);
    expect(file.stderr).toContain(`--out ${aFile} is a file, not a folder`);
    // Not writable even for root.
    const runs = '/proc/sys/splitbrain-runs';
    const proc = await cli([
      'run',
      '--out',
      runs,
      '--backend',
      'sim',
      '--time-limit',
      '1',
      '--nemesis',
      'none',
    ]);
    expect(proc.exitCode).toBe(3);
    expect(proc.stderr).toContain(`--out ${runs}: /proc/sys is not writable`);
  });

  it('serve --port out of range, or in use, names --port', async () => {
    const range = await cli(['serve', '--port', '99999', '--out', dir]);
    expect(range.exitCode).toBe(3);
    expect(range.stderr).toContain('--port must be a whole number from 0 to 65535');
    const word = await cli(['serve', '--port', 'abc', '--out', dir]);
    expect(word.exitCode).toBe(3);
    expect(word.stderr).toMatch(/--port must be .*, got "?abc"?/);
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((ok) => taken.once('listening', ok));
    const port = (taken.address() as { port: number }).port;
    const busy = await cli(['serve', '--port', String(port), '--out', dir]);
    taken.close();
    expect(busy.exitCode).toBe(3);
    expect(busy.stderr).toContain(`--port ${port} is in use`);
  });
});

describe('a run refused before it starts', () => {
  it.each([
    [['--nemesis', 'bogus'], 'unknown nemesis fault kind "bogus"'],
    [['--nemesis-schedule', join(dir, 'missing.json')], 'missing.json does not exist'],
  ])('%j leaves no run directory and does not move runs/latest', async (flags, message) => {
    const out = join(dir, `runs-${flags[0]}`);
    mkdirSync(join(out, 'older'), { recursive: true });
    symlinkSync('older', join(out, 'latest'));
    const res = await cli(['run', ...flags, '--out', out, '--time-limit', '2']);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain(message);
    expect(res.stderr).not.toContain('done:');
    expect(readdirSync(out).sort()).toEqual(['latest', 'older']);
    expect(readlinkSync(join(out, 'latest'))).toBe('older');
    expect(existsSync(join(out, 'older', 'nodes'))).toBe(false);
  });
});

describe('the repeat command', () => {
  it('keeps --out when it is not the default', () => {
    expect(repeatCommand(resolveRunConfig({ out: 'elsewhere' }, 1))).toContain('--out elsewhere');
    expect(repeatCommand(resolveRunConfig({}, 1))).not.toContain('--out');
  });
});
