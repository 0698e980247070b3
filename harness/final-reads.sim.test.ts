// Final reads on the simulation backend: a replica still 3 s behind when the
// quiesce gives up (100 ms) must not turn the sessions' verdicts invalid.
// The final reads run under session ids of their own and are judged by
// convergence, which sees the replica behind; the session checkers judge the
// sessions, and still catch the same lag when a session reads from it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Op } from '../core/history.ts';
import { resolveRunConfig } from './config.ts';
import { executeRun } from './execute.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-final-reads-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The command: `run --backend sim --seed 7 --time-limit 5 --read-from leader --nemesis none --apply-delay-ms n3=3000 --quiesce-timeout-ms 100`. */
async function lateReplicaRun(test: string, raw: Record<string, unknown>) {
  const config = resolveRunConfig(
    {
      backend: 'sim',
      out,
      test,
      seed: 7,
      timeLimit: 5,
      readFrom: 'leader',
      nemesis: 'none',
      applyDelayMs: 'n3=3000',
      quiesceTimeoutMs: 100,
      ...raw,
    },
    1,
  );
  const outcome = await executeRun(config, { log: () => {} });
  const history = readFileSync(join(outcome.runDir, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Op);
  return { ...outcome, history };
}

const verdictOf = (results: Readonly<Record<string, unknown>>, id: string) =>
  (results[id] as { valid?: unknown } | undefined)?.valid;

describe('final reads belong to their own processes', () => {
  it('leader reads with a replica behind at the final reads: the sessions are valid, convergence sees the lag', async () => {
    const r = await lateReplicaRun('late-replica-leader', {
      checkers: 'read-your-writes,monotonic-reads,consistent-prefix,convergence',
    });
    for (const id of ['read-your-writes', 'monotonic-reads', 'consistent-prefix'])
      expect([id, verdictOf(r.results, id)]).toEqual([id, true]);
    expect(verdictOf(r.results, 'convergence')).toBe(false);
    const session = new Set(
      r.history
        .filter((o) => o.f !== 'final-read' && typeof o.process === 'number')
        .map((o) => o.process),
    );
    const finals = r.history.filter((o) => o.f === 'final-read' && o.type === 'invoke');
    expect(finals).toHaveLength(3);
    for (const f of finals) expect(session.has(f.process)).toBe(false);
    expect(new Set(finals.map((f) => f.process)).size).toBe(3);
  });

  it('the same lag read by the sessions themselves (reads from any node) is still an anomaly', async () => {
    const r = await lateReplicaRun('late-replica-any', { readFrom: 'any' });
    expect(verdictOf(r.results, 'read-your-writes')).toBe(false);
    expect(r.exitCode).toBe(1);
  });
});
