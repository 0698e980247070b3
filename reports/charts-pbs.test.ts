import { describe, expect, it } from 'vitest';
import { pbsPlot } from './charts-pbs.ts';

describe('PBS plot', () => {
  it('draws one point per filled bucket, lower for staler buckets, with k-staleness below', () => {
    const html = pbsPlot('staleness', {
      pbsReads: 30,
      pbsT1Ms: 0.5,
      pbsT1MsReads: 10,
      pbsT100Ms: 1,
      pbsT100MsReads: 20,
      pbsK1: 0.833,
      pbsK2: 1,
    });
    expect(html).toContain('id="plot-pbs"');
    expect(html.match(/class="dots series-0 big"/g)).toHaveLength(2);
    expect(html).toContain('t ≤1 ms: 0.5 of 10 reads fresh');
    expect(html).toContain('k=1: 0.833 · k=2: 1');
    const ys = [...html.matchAll(/d="M[\d.]+ ([\d.]+)h0"/g)].map((m) => Number(m[1]));
    expect(ys[0]!).toBeGreaterThan(ys[1]!);
  });

  it('draws nothing without PBS numbers', () => {
    expect(pbsPlot('staleness', { readsChecked: 3 })).toBe('');
  });
});
