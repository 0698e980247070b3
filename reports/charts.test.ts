import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../checkers/checker.ts';
import type { Op } from '../core/history.ts';
import { lagPlot } from './charts-lag.ts';
import { stalenessPlots } from './charts-stale.ts';
import { latencyPlot, throughputPlot, type ChartContext } from './charts.ts';
import { faultIntervals } from './faults.ts';
import { pairOps } from './pairs.ts';
import { anomalyTimeline, timelineIndex } from './timeline.ts';

let index = 0;
const op = (o: Omit<Op, 'index'>): Op => ({ index: index++, ...o }) as Op;
const ms = 1e6;
const history: Op[] = [
  op({ type: 'invoke', process: 1, f: 'write', value: [['w', 'x', 1]], time: 1 * ms }),
  op({ type: 'invoke', process: 2, f: 'write', value: [['w', 'x', 2]], time: 2 * ms }),
  op({ type: 'ok', process: 1, f: 'write', value: [['w', 'x', 1]], time: 5 * ms }),
  op({ type: 'invoke', process: 'nemesis', f: 'start-partition', value: 'halves', time: 6 * ms }),
  op({
    type: 'info',
    process: 'nemesis',
    f: 'start-partition',
    value: { kind: 'isolate', grudge: { n1: ['n3'], n2: ['n3'], n3: ['n1', 'n2'] } },
    time: 6 * ms,
  }),
  op({
    type: 'info',
    process: 'monitor',
    f: 'lag',
    value: { n2: { lagOps: 0, lagMs: 0 }, n3: { lagOps: 4, lagMs: 90 } },
    time: 7 * ms,
  }),
  op({ type: 'fail', process: 2, f: 'write', value: [['w', 'x', 2]], time: 8 * ms }),
  op({ type: 'invoke', process: 1, f: 'read', value: [['r', 'x', null]], time: 9 * ms }),
  op({ type: 'ok', process: 1, f: 'read', value: [['r', 'x', 0]], time: 12 * ms }),
  op({ type: 'invoke', process: 3, f: 'read', value: [['r', 'y', null]], time: 13 * ms }),
];
const pairs = pairOps(history);
const faults = faultIntervals(history, 20 * ms);
const ctx: ChartContext = { history, pairs, faults, x: { min: 0, max: 20 * ms } };

describe('pairOps', () => {
  it('links invokes and completions per process, leaving monitor records and open ops alone', () => {
    expect(pairs.completionOf[0]).toBe(2);
    expect(pairs.invokeOf[6]).toBe(1);
    expect(pairs.completionOf[3]).toBe(4);
    expect(pairs.invokeOf[5]).toBe(-1);
    expect(pairs.completionOf[9]).toBe(-1);
  });
});

describe('plots', () => {
  it('latency: one dot path per completion type present, fault shaded and labelled', () => {
    const svg = latencyPlot(ctx);
    expect(svg).toContain('<path class="dots s-ok"');
    expect(svg).toContain('<path class="dots s-fail"');
    expect(svg).not.toContain('s-info" d=');
    // The band says it in words; hovering gives the whole record, grudge included.
    expect(svg).toContain('class="fault-label">n3 isolated from n1, n2</text>');
    expect(svg).toContain('&quot;grudge&quot;:{&quot;n1&quot;:[&quot;n3&quot;]');
  });

  it('throughput: a line per completion type', () => {
    expect(throughputPlot(ctx).match(/<polyline class="line s-/g)).toHaveLength(2);
  });

  it('lag: a line per node from monitor records', () => {
    const svg = lagPlot(ctx);
    expect(svg).toContain('Replication lag per node (ms');
    expect(svg).toMatch(/<text class="tick" x="14">n2<\/text>[\s\S]*>n3<\/text>/);
    expect(svg.match(/<path class="line series-/g)).toHaveLength(2);
    expect(svg.match(/<path class="dots series-/g)).toHaveLength(2);
  });

  it('lag: says so when the history has no monitor records', () => {
    expect(lagPlot({ ...ctx, history: history.filter((o) => o.process !== 'monitor') })).toContain(
      'no monitor lag samples',
    );
  });

  it('staleness: plots a series a staleness checker published', () => {
    const published: [string, CheckResult][] = [
      [
        'staleness',
        {
          valid: true,
          anomalies: [],
          stats: {
            series: [
              [1e6, 3],
              [9e6, 40],
            ],
          } as never,
        },
      ],
    ];
    expect(stalenessPlots(ctx, published)).toContain('Staleness reported by staleness');
  });

  it('staleness: otherwise marks the worst reads the checker names, linked to their ops', () => {
    const stats = {
      staleReads: 2,
      msBehindP99: 4,
      worst1: 'op 8: process 1 read x at 0.012 s and got 0, 1 versions and 4.0 ms behind 1',
      worst2: 'op 99999: not in this history, 9.0 ms behind',
    };
    const svg = stalenessPlots(ctx, [['staleness', { valid: true, anomalies: [], stats }]]);
    expect(svg).toContain('The 1 stalest reads staleness found');
    expect(svg).toContain('<a href="#op=8">');
    expect(svg).toContain('staleReads 2 · msBehindP99 4');
  });

  it('staleness: counts stale-read anomalies of any checker per interval; nothing without either', () => {
    const stale: [string, CheckResult][] = [
      [
        'ryw',
        {
          valid: false,
          anomalies: [{ kind: 'stale-read', ops: [2, 8], explanation: 'e' }],
          stats: {},
        },
      ],
    ];
    expect(stalenessPlots(ctx, stale)).toContain('Stale reads reported as anomalies (1 in all');
    expect(stalenessPlots(ctx, [])).toBe('');
  });
});

describe('anomalyTimeline', () => {
  const tix = timelineIndex(history, pairs, faults);
  const svg = anomalyTimeline({ kind: 'stale-read', ops: [0, 2, 7, 8], explanation: 'e' }, tix);

  it('draws a lane for the witness process, then other sessions on the same keys', () => {
    expect(svg.match(/>process \d+<\/text>/g)).toEqual(['>process 1</text>', '>process 2</text>']);
    expect(svg).toContain('class="tick other"');
  });

  it('outlines the witness bars, names their ops and links them to the history browser', () => {
    expect(svg.match(/class="bar t-ok witness"/g)).toHaveLength(2);
    expect(svg).toContain('class="bar t-fail"');
    expect(svg).toContain('>0/2</text>');
    expect(svg).toContain('<a href="#op=0">');
  });

  it('says which faults are shaded behind it', () => {
    expect(svg).toContain('Shaded: n3 isolated from n1, n2 (0.01–never healed).');
  });

  it('draws nothing for an anomaly without client ops', () => {
    expect(anomalyTimeline({ kind: 'k', ops: [3, 999], explanation: '' }, tix)).toBe('');
  });
});
