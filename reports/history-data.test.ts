// The history browser's data half (assets/history-data.js) runs in Node too:
// it only needs atob, Blob, Response and DecompressionStream, which Node 20 has.
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeHistory } from './embed.ts';
import { syntheticRun } from './synthetic.ts';

interface Indexed {
  n: number;
  timeUs: Float64Array;
  pair: Int32Array;
  proc: number[];
  types: string;
}
interface Api {
  gunzipBase64(b64: string): Promise<string>;
  index(text: string, witness: number[]): Indexed;
  filterOps(h: Indexed, c: Record<string, unknown>): Int32Array;
  lowerBound(a: ArrayLike<number>, x: number): number;
}

const run = syntheticRun({ records: 2000, seed: 9 });
let api: Api;
let h: Indexed;

beforeAll(async () => {
  // A URL, not a literal path: the script has no types and publishes a global instead of exports.
  await import(new URL('./assets/history-data.js', import.meta.url).href);
  api = (globalThis as unknown as { SplitbrainHistory: Api }).SplitbrainHistory;
  h = api.index(await api.gunzipBase64(encodeHistory(run.history)), [5, 9]);
});

const expectIndices = (got: Int32Array, pred: (i: number) => boolean) =>
  expect([...got]).toEqual(run.history.map((o) => o.index).filter(pred));

describe('history-data.js', () => {
  it('unpacks what embed.ts packed', () => {
    expect(h.n).toBe(run.history.length);
    expect(h.timeUs[1500]).toBe(Math.round(run.history[1500]!.time / 1000));
  });

  it('pairs each invoke with its completion', () => {
    const i = run.history.findIndex((o) => o.type === 'invoke' && typeof o.process === 'number');
    const j = h.pair[i]!;
    expect(run.history[j]!.process).toBe(run.history[i]!.process);
    expect(h.pair[j]).toBe(i);
  });

  it('filters by process, type, key, f, time, text and witness', () => {
    const hist = run.history;
    expectIndices(api.filterOps(h, { procs: '3, nemesis' }), (i) =>
      [3, 'nemesis'].includes(hist[i]!.process),
    );
    expectIndices(api.filterOps(h, { types: new Set(['f', 'n']) }), (i) =>
      ['fail', 'info'].includes(hist[i]!.type),
    );
    expectIndices(api.filterOps(h, { key: 'k2' }), (i) =>
      JSON.stringify(hist[i]!.value).includes('"k2"'),
    );
    expectIndices(
      api.filterOps(h, { f: 'write', procs: 'clients' }),
      (i) => hist[i]!.f === 'write',
    );
    expectIndices(api.filterOps(h, { fromS: 0.2, toS: 0.3 }), (i) => {
      const us = Math.round(hist[i]!.time / 1000);
      return us >= 2e5 && us <= 3e5;
    });
    expectIndices(api.filterOps(h, { text: '"k5",' }), (i) =>
      JSON.stringify(hist[i]!.value ?? '').includes('"k5",'),
    );
    expect([...api.filterOps(h, { onlyWitness: true })]).toEqual([5, 9]);
    expect(api.filterOps(h, { key: 'no-such-key' })).toHaveLength(0);
  });

  it('finds an op in a filtered list by binary search', () => {
    const m = api.filterOps(h, { procs: 'clients' });
    expect(m[api.lowerBound(m, m[40]!)]).toBe(m[40]);
  });
});
