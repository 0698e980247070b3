import { splitbrain } from './testing/cli.ts';
import { describe, expect, it } from 'vitest';
import { repeatCommand, resolveRunConfig } from './config.ts';
import { UsageError } from '../core/errors.ts';

describe('run config: --leader-window-ms', () => {
  it('defaults to 1000 ms, and is repeated when it differs from that', () => {
    expect(resolveRunConfig({}, 1).systemOptions.leaderWindowMs).toBe(1000);
    expect(repeatCommand(resolveRunConfig({}, 1))).not.toContain('leader-window-ms');
    const c = resolveRunConfig({ readFrom: 'leader-window', leaderWindowMs: 250 }, 1);
    expect(c.systemOptions.leaderWindowMs).toBe(250);
    expect(repeatCommand(c)).toContain('--read-from leader-window');
    expect(repeatCommand(c)).toContain('--leader-window-ms 250');
  });

  it.each([[0], [-5], [1.5], ['soon'], [3_600_001]])('rejects %j', (v) => {
    const resolve = () => resolveRunConfig({ readFrom: 'leader-window', leaderWindowMs: v }, 1);
    expect(resolve).toThrow(UsageError);
    expect(resolve).toThrow(
      `--leader-window-ms must be a whole number from 1 to 3600000, got ${JSON.stringify(v)}`,
    );
  });

  it('the CLI exits 3 naming the flag for a bad window, before starting anything', async () => {
    const res = await splitbrain([
      'run',
      '--read-from',
      'leader-window',
      '--leader-window-ms',
      '0',
    ]);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('--leader-window-ms must be a whole number from 1 to 3600000');
  });

  it('the CLI lists leader-window among the read policies in --help', async () => {
    const res = await splitbrain(['run', '--help']);
    expect(res.stdout).toMatch(/--read-from[\s\S]*leader-window/);
    expect(res.stdout).toContain('--leader-window-ms');
  });
});
