// The store's leaderless mode in containers: `splitbrain run --backend docker
// --mode leaderless`, nodes killed and restarted from their data dirs, with
// quorums that overlap (w=2, r=2): every session guarantee holds and the
// replicas converge, read from the run's results.json.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../bin/splitbrain.js', import.meta.url).pathname;

export function leaderlessSuite(): void {
  describe('leaderless mode in containers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitbrain-docker-leaderless-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('runs w=2,r=2 through kills: guarantees hold, replicas converge', async () => {
      const res = await execa(
        process.execPath,
        [
          ...[BIN, 'run', '--backend', 'docker', '--out', dir, '--test', 'leaderless'],
          ...['--mode', 'leaderless', '--w', '2', '--r', '2', '--seed', '5', '--time-limit', '6'],
          ...['--nemesis', 'kill', '--kill-targets', 'random', '--nemesis-interval', '2'],
          ...['--checkers', 'read-your-writes,monotonic-reads,convergence,lost-writes'],
        ],
        { reject: false, env: { NO_COLOR: '1' }, timeout: 240_000 },
      );
      expect(res.exitCode, res.stdout + res.stderr).toBe(0);
      const runDir = join(dir, 'leaderless', readdirSync(join(dir, 'leaderless'))[0]!);
      const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8'));
      for (const id of [
        'read-your-writes',
        'monotonic-reads',
        'convergence',
        'lost-writes',
        'run-health',
      ])
        expect(results[id].valid, id).toBe(true);
      expect(JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8'))).toMatchObject({
        systemOptions: { mode: 'leaderless' },
      });
    }, 300_000);
  });
}
