// Statement-based replication end to end (DDIA 5.2.1), through `splitbrain
// run` on 3 local processes with no faults: each kv write carries now() and
// rand(). With --log-format statement every replica evaluates them itself, so
// after the cluster quiesces the replicas agree on every version but not on
// the values, and convergence must say which keys differ. With the row log
// the leader evaluates once and ships the result, so the same writes converge.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/splitbrain.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'splitbrain-statement-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface HistoryOp {
  readonly index: number;
  readonly type: string;
  readonly f: string;
  readonly node?: string;
  readonly value: [string, string, unknown][];
  readonly stored?: Record<string, unknown>;
}

interface Anomaly {
  readonly kind: string;
  readonly ops: number[];
  readonly explanation: string;
}

async function run(test: string, args: readonly string[]) {
  const res = await execa(
    process.execPath,
    [
      BIN,
      'run',
      '--out',
      dir,
      '--test',
      test,
      '--seed',
      '5',
      '--time-limit',
      '4',
      '--rate',
      '50',
      '--nemesis',
      'none',
      '--checkers',
      'convergence,lost-writes',
      ...args,
    ],
    { reject: false, env: { NO_COLOR: '1' }, timeout: 120_000 },
  );
  const runs = readdirSync(join(dir, test));
  expect(runs, res.stdout + res.stderr).toHaveLength(1);
  const runDir = join(dir, test, runs[0]!);
  const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8'));
  const history = readFileSync(join(runDir, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as HistoryOp);
  const finals = history.filter((o) => o.f === 'final-read' && o.type === 'ok');
  return { res, results, history, finals };
}

describe.sequential('statement-based log (splitbrain run, local, no faults)', () => {
  it('statement log ⇒ replicas diverge at the same version, convergence names the keys', async () => {
    const { res, results, history, finals } = await run('statement', ['--log-format', 'statement']);
    expect(res.exitCode, res.stdout + res.stderr).toBe(1);
    expect(finals.map((o) => o.node).sort()).toEqual(['n1', 'n2', 'n3']);
    const conv = results.convergence as {
      valid: unknown;
      anomalies: Anomaly[];
      stats: { keysCompared: number; divergentKeys: number };
    };
    expect(conv.valid).toBe(false);
    // Every replica drew its own rand() for every key, and no write was lost.
    expect(conv.stats.keysCompared).toBeGreaterThan(0);
    expect(conv.stats.divergentKeys).toBe(conv.stats.keysCompared);
    expect(results['lost-writes'].valid).toBe(true);
    expect(conv.anomalies).toHaveLength(conv.stats.divergentKeys);
    const finalIndices = finals.map((o) => o.index).sort((a, b) => a - b);
    for (const a of conv.anomalies) {
      expect(a.kind).toBe('divergent-values');
      expect(a.ops).toEqual(finalIndices);
      const m = /^n1, n2 and n3 hold different values for (k\d+) at version (\d+): /.exec(
        a.explanation,
      );
      expect(m, a.explanation).not.toBeNull();
      const key = m![1]!;
      const version = Number(m![2]);
      // The witness ops say so themselves: same version in the micro-ops, three different stored values.
      const witnesses = a.ops.map((i) => history[i]!);
      for (const w of witnesses) {
        expect(w.value.find(([, k]) => k === key)?.[2]).toBe(version);
        expect(w.stored?.[key]).toMatchObject({ v: version });
      }
      expect(new Set(witnesses.map((w) => JSON.stringify(w.stored![key]))).size).toBe(3);
    }
  });

  it('row log with the same now()/rand() writes ⇒ convergence valid', async () => {
    const { res, results, finals } = await run('row', ['--kv-values', 'statement']);
    expect(res.exitCode, res.stdout + res.stderr).toBe(0);
    expect(results.convergence.valid).toBe(true);
    // The values compared were the evaluated objects, not bare versions.
    expect(finals).toHaveLength(3);
    const stored = finals.map((o) => o.stored!);
    expect(Object.keys(stored[0]!).length).toBeGreaterThan(0);
    for (const [key, v] of Object.entries(stored[0]!)) {
      if (v === null) continue;
      expect(v).toMatchObject({ at: expect.any(Number), r: expect.any(Number) });
      for (const s of stored) expect(s[key]).toEqual(v);
    }
  });
});
