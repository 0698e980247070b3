// The nemesis is what makes the anomaly: the same async, read-any run with and
// without partitions. Asynchronous replication can serve a stale read without
// any fault — a read that races the replication stream by a millisecond — so
// "no fault, no anomaly" would be a lucky assertion. What the fault adds, and
// lag alone cannot, is a read that misses a write acknowledged long before:
// with a node cut off for 2 s, reads from it miss writes that are seconds old.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHistory } from '../core/history.ts';
import { resolveRunConfig } from '../harness/config.ts';
import { executeRun } from '../harness/execute.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-nemesis-effect-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Far beyond loopback replication lag, well inside a 2 s partition. */
const OLD_MS = 1000;

type Mop = [string, string, number | null];

/**
 * For each read-your-writes witness: how long before the stale read the
 * oldest write it missed (the version right after the one it got) was
 * acknowledged, in ms — how far behind the serving replica was.
 */
async function staleAgesMs(test: string, nemesis: string): Promise<number[]> {
  const config = resolveRunConfig(
    {
      test,
      seed: 9,
      timeLimit: 6,
      rate: 150,
      readFrom: 'any',
      replication: 'async',
      nemesis,
      nemesisInterval: 2,
      ...(nemesis === 'partition' ? { partitionKinds: 'isolate' } : {}),
      out,
    },
    9,
  );
  const outcome = await executeRun(config, { log: () => {} });
  const history = parseHistory(readFileSync(join(outcome.runDir, 'history.jsonl'), 'utf8'));
  const ackedNs = new Map<string, number>();
  for (const op of history)
    if (op.f === 'write' && op.type === 'ok')
      for (const [, k, v] of op.value as Mop[]) ackedNs.set(`${k}=${v}`, op.time);
  const ryw = outcome.results['read-your-writes'];
  if (typeof ryw !== 'object' || ryw === null) throw new Error('no read-your-writes result');
  const ages = ryw.anomalies.map((a) => {
    const [, key] = (history[a.ops[0]!]!.value as Mop[])[0]!;
    const readAt = a.ops.at(-1)!;
    const got = (history[readAt]!.value as Mop[]).find(([, k]) => k === key)![2] ?? 0;
    const missedAckNs = ackedNs.get(`${key}=${got + 1}`)!;
    let i = readAt;
    while (
      i > 0 &&
      !(history[i]!.process === history[readAt]!.process && history[i]!.type === 'invoke')
    )
      i--;
    return (history[i]!.time - missedAckNs) / 1e6;
  });
  console.log(
    `${test}: ${ages.length} stale reads; the most behind missed a write ${Math.max(0, ...ages).toFixed(0)} ms old`,
  );
  return ages;
}

describe.sequential('partitions cause the read-your-writes anomaly (async, read any)', () => {
  it('with partitions: reads miss writes acknowledged long before', async () => {
    const ages = await staleAgesMs('with-partitions', 'partition');
    expect(ages.length).toBeGreaterThan(0);
    expect(Math.max(...ages)).toBeGreaterThanOrEqual(OLD_MS);
  });

  it('the same run without a nemesis: no read misses an old write', async () => {
    const ages = await staleAgesMs('without-nemesis', 'none');
    // Any stale read here raced the replication stream; none is old.
    expect(ages.filter((ms) => ms >= OLD_MS)).toEqual([]);
  });
});
