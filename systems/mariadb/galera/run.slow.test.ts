// `splitbrain run --system galera` end to end: the CLI brings up three
// nodes in their namespace, every session writes to its own node, reads
// wait for causality (wsrep_sync_wait=1), and every checker passes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseHistory } from '../../../core/history.ts';
import { have as haveServer } from '../../testing/server-cluster.ts';
import { galera } from './index.ts';

const have = haveServer(galera);
const BIN = new URL('../../../bin/splitbrain.js', import.meta.url).pathname;

describe.skipIf(!have.installed)(`splitbrain run --system galera (${have.detail})`, () => {
  it('writes on every node, causal reads from any node: every checker valid (exit 0)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'splitbrain-galera-run-'));
    try {
      const res = await execa(
        process.execPath,
        [
          BIN,
          'run',
          '--out',
          out,
          '--system',
          'galera',
          '--galera-sync-wait',
          '1',
          '--read-from',
          'any',
          '--nemesis',
          'none',
          '--time-limit',
          '5',
          '--rate',
          '20',
          '--seed',
          '2',
        ],
        { reject: false, env: { NO_COLOR: '1' }, timeout: 110_000 },
      );
      expect(res.exitCode, res.stdout + res.stderr).toBe(0);
      const runDir = join(out, 'latest');
      const history = parseHistory(readFileSync(join(runDir, 'history.jsonl'), 'utf8'));
      const writers = new Set(
        history.filter((o) => o.f === 'write' && o.type === 'ok').map((o) => o.node),
      );
      expect([...writers].sort()).toEqual(['n1', 'n2', 'n3']);
      const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8'));
      expect(Object.keys(results)).toContain('convergence');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
