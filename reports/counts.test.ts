// Results kept whole: a checker that finds 197 stale reads lists 100 but
// every renderer (results.json, terminal, report, junit, the stale-read
// histogram) counts all 197, by kind.
import { describe, expect, it } from 'vitest';
import { checkAll } from '../checkers/checker.ts';
import { readYourWrites } from '../checkers/read-your-writes.ts';
import { HistoryBuilder } from '../checkers/testing/builder.ts';
import { pairOps } from './pairs.ts';
import { stalenessPlots } from './charts-stale.ts';
import { renderReport } from './html.ts';
import { renderJunit } from './junit.ts';
import { buildResults } from './results.ts';
import { renderTerminal } from './terminal.ts';
import { checkerEntries } from './types.ts';

function staleHistory(n: number) {
  const h = new HistoryBuilder();
  h.w(1, 'k1', 1);
  h.w(1, 'k1', 2);
  for (let i = 0; i < n; i++) h.r(1, { k1: 1 });
  return h.ops;
}

describe('a checker with more anomalies than it lists', () => {
  const history = staleHistory(197);
  const results = buildResults(checkAll([readYourWrites], history));
  const r = results['read-your-writes'] as Exclude<(typeof results)['x'], boolean | 'unknown'>;

  it('lists 100 and counts all 197 by kind in results.json', () => {
    expect(r.anomalies).toHaveLength(100);
    expect(r.anomalyCounts).toEqual({ 'stale-read': 197 });
    expect(r.anomaliesTruncated).toBe(true);
    const binned = Object.values(r.anomalyBins!.kinds['stale-read']!).reduce(
      (n, [, c]) => n + c,
      0,
    );
    expect(binned).toBe(197);
  });

  it('says 197 in the terminal, the report, junit and the histogram', () => {
    const term = renderTerminal({ config: {}, results }, { color: false });
    expect(term).toMatch(/read-your-writes\s+INVALID\s+197 anomalies \(100 listed\)/);
    expect(term).toContain('INVALID: 197 anomalies');
    const html = renderReport({ config: {}, results, history });
    expect(html).toContain('stale-read ×197');
    expect(html).not.toContain('stale-read ×100');
    expect(renderJunit({ config: {}, results })).toContain(
      'message="197 anomalies (100 listed): stale-read ×197"',
    );
    const last = history.at(-1)!.time;
    const ctx = { history, pairs: pairOps(history), faults: [], x: { min: 0, max: last } };
    expect(stalenessPlots(ctx, checkerEntries(results))).toContain(
      'Stale reads reported as anomalies (197 in all',
    );
  });
});
