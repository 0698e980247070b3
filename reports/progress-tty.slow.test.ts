// The progress line on a real terminal: `splitbrain run` on local processes
// inside a tmux pane. Every byte the pane receives is piped to a file, so the
// test reads each redraw in order instead of sampling the screen at moments.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();
if (!hasTmux) console.warn('reports/progress-tty.slow.test.ts skipped: tmux is absent');

const TIME_LIMIT_S = 6;
const COLUMNS = 100;
const STEPS = [
  'cluster up:',
  `running ${TIME_LIMIT_S} s of kv`,
  'healing every fault',
  'final reads',
];

describe.skipIf(!hasTmux)('progress line in a tmux pane', () => {
  const dir = mkdtempSync(join(tmpdir(), 'splitbrain-tty-'));
  // A socket of our own: this tmux server is ours alone and is ended by it.
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-S', join(dir, 'tmux.sock'), ...args], { encoding: 'utf8' });
  const raw = join(dir, 'raw.log');
  let bytes = '';
  let screen = '';

  beforeAll(async () => {
    const go = join(dir, 'go');
    const cli = resolve('bin/splitbrain.js');
    const run = [
      `node ${cli} run --backend local --nodes 3 --seed 1 --rate 50`,
      `--time-limit ${TIME_LIMIT_S} --nemesis partition --nemesis-interval 2 --out ${join(dir, 'runs')}`,
    ].join(' ');
    // The command waits for "go" so the pipe is in place before its first byte.
    const script = `while [ ! -f ${go} ]; do sleep 0.05; done; ${run}; echo "EXIT=$?"; sleep 600`;
    tmux('new-session', '-d', '-x', String(COLUMNS), '-y', '40', '-s', 'sb', 'sh', '-c', script);
    tmux('pipe-pane', '-o', '-t', 'sb', `cat >> ${raw}`);
    writeFileSync(go, '');
    const deadline = performance.now() + 150_000;
    while (!/EXIT=\d/.test(bytes) && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      bytes = existsSync(raw) ? readFileSync(raw, 'utf8') : '';
    }
    screen = tmux('capture-pane', '-p', '-t', 'sb', '-S', '-200');
  }, 180_000);

  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the run with a verdict (which one does not matter here)', () => {
    expect(bytes).toMatch(/EXIT=[01]\b/);
    expect(bytes).toContain('read-your-writes');
  });

  it('puts every step line on a line of its own, never after the progress line', () => {
    const lines = screen.split('\n');
    for (const step of STEPS) {
      const at = lines.filter((l) => l.includes(step));
      expect(at.length, step).toBeGreaterThan(0);
      for (const l of at) expect(l.startsWith(step), `collided: ${l}`).toBe(true);
    }
    expect(screen).not.toMatch(/(left|elapsed|finishing)[a-z]/);
  });

  it('starts the countdown at the full time limit once the load starts, and never shows 0:00 left', () => {
    // Each redraw starts with carriage return + erase line.
    const draws = bytes.split('\r\x1b[2K').map((d) => d.split(/[\r\n]/)[0]!);
    const counting = draws.filter((d) => / left$/.test(d));
    expect(counting.length).toBeGreaterThan(0);
    expect(counting[0]).toMatch(new RegExp(`0:0${TIME_LIMIT_S} left$`));
    expect(bytes.indexOf(counting[0]!)).toBeGreaterThan(
      bytes.indexOf(`running ${TIME_LIMIT_S} s of kv`),
    );
    expect(bytes).not.toContain('0:00 left');
    // While the cluster came up there was no countdown to run down.
    for (const d of draws.filter((x) => x.startsWith('starting'))) expect(d).not.toContain('left');
  });

  it('cuts the status line to the pane width so it never wraps', () => {
    const draws = bytes
      .split('\r\x1b[2K')
      .slice(1)
      .map((d) => d.split(/[\r\n]/)[0]!);
    for (const d of draws) expect(d.length, d).toBeLessThan(COLUMNS);
  });
});
