// `splitbrain run --system mariadb` end to end: the CLI starts the primaries,
// drives the kv workload, reads every node at the end and judges
// convergence. A statement binlog with UUID()/SYSDATE() in the writes must
// be found divergent (exit 1); with NOW()/RAND() alone it converges (exit 0).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { have as haveServer } from '../testing/server-cluster.ts';
import { mariadb } from './index.ts';

const have = haveServer(mariadb);
const BIN = new URL('../../bin/splitbrain.js', import.meta.url).pathname;

interface Verdict {
  readonly valid: boolean | 'unknown';
  readonly anomalies: readonly { kind: string; explanation: string }[];
}

async function run(
  extra: readonly string[],
): Promise<{ exit: number; results: Record<string, Verdict>; log: string }> {
  const out = mkdtempSync(join(tmpdir(), 'splitbrain-mariadb-run-'));
  try {
    const res = await execa(
      process.execPath,
      [
        BIN,
        'run',
        '--out',
        out,
        '--system',
        'mariadb',
        '--mariadb-topology',
        'all-to-all',
        '--binlog-format',
        'statement',
        '--nemesis',
        'none',
        '--time-limit',
        '4',
        '--rate',
        '20',
        '--seed',
        '3',
        ...extra,
      ],
      { reject: false, env: { NO_COLOR: '1' }, timeout: 55_000 },
    );
    const log = res.stdout + res.stderr;
    const results = JSON.parse(readFileSync(join(out, 'latest', 'results.json'), 'utf8'));
    return { exit: res.exitCode ?? -1, results, log };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe.skipIf(!have.installed)(`splitbrain run --system mariadb (${have.detail})`, () => {
  it('statement binlog, writes calling UUID() and SYSDATE(): convergence names keys and values (exit 1)', async () => {
    const { exit, results, log } = await run([]);
    expect(exit, log).toBe(1);
    const conv = results.convergence!;
    expect(conv.valid).toBe(false);
    expect(conv.anomalies.length).toBeGreaterThan(0);
    for (const a of conv.anomalies) {
      expect(a.kind).toBe('divergent-values');
      expect(a.explanation).toMatch(
        /n1, n2 and n3 hold different values for k\d+ at version \d+: .*"uuid"/,
      );
    }
    // Nothing else is wrong: every session read its own writes.
    expect(results['read-your-writes']!.valid).toBe(true);
  }, 60_000);

  it('statement binlog, writes calling NOW() and RAND() only: converged (exit 0)', async () => {
    const { exit, results, log } = await run(['--mariadb-functions', 'now,rand']);
    expect(exit, log).toBe(0);
    expect(results.convergence!.valid).toBe(true);
  }, 60_000);
});
