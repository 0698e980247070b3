// `splitbrain run` with settings the store warns of, on the simulation
// backend: the warning is a line before the run starts, in config.json, at
// the top of report.html and in the terminal summary.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitbrain } from './testing/cli.ts';
import { afterAll, describe, expect, it } from 'vitest';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-warnings-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('a run under settings that can lose acknowledged writes', () => {
  it('warns at the start, and records and reports the warning', async () => {
    const r = await splitbrain([
      'run',
      ...['--backend', 'sim', '--nodes', '5', '--time-limit', '2', '--seed', '3'],
      ...['--replication', 'semi-sync', '--sync-followers', '1', '--failover-timeout-ms', '500'],
      ...['--nemesis', 'none', '--read-from', 'leader', '--out', out, '--test', 'warned'],
    ]);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    const warning = lines.findIndex((l) => l.startsWith('WARNING: --replication semi-sync'));
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(lines[warning]).toContain('can lose acknowledged writes');
    // Before anything runs: ahead of the cluster coming up.
    expect(warning).toBeLessThan(lines.findIndex((l) => l.startsWith('cluster up')));
    const runDir = join(out, 'latest');
    const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8'));
    expect(config.warnings).toEqual([lines[warning]!.slice('WARNING: '.length)]);
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('<p class="note warning"><b>Warning:</b> --replication semi-sync');
    // The terminal summary, after the step lines, says it again.
    expect(lines.slice(warning + 1).some((l) => l.startsWith('  WARNING: --replication'))).toBe(
      true,
    );
  });
});
