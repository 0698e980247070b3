import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Op } from '../core/history.ts';
import { encodeHistory, keysOf, type HistoryColumns } from './embed.ts';

const history: Op[] = [
  { index: 0, type: 'invoke', process: 3, f: 'write', value: [['w', 'x', 1]], time: 1_000 },
  { index: 1, type: 'invoke', process: 'nemesis', f: 'kill', value: ['n1'], time: 1_500_400 },
  {
    index: 2,
    type: 'ok',
    process: 3,
    f: 'write',
    value: [['w', 'x', 1]],
    time: 2_000_000,
    node: 'n2',
  },
  {
    index: 3,
    type: 'invoke',
    process: 4,
    f: 'read',
    value: [
      ['r', 'x', null],
      ['r', 'y', null],
    ],
    time: 3_000_000,
  },
  {
    index: 4,
    type: 'info',
    process: 4,
    f: 'read',
    value: 'a\nb</script>',
    time: 4_000_000,
    error: 'timeout',
  },
  {
    index: 5,
    type: 'info',
    process: 'monitor',
    f: 'lag',
    value: { n1: { lagOps: 1, lagMs: 2 } },
    time: 5_000_000,
  },
];

function decode(b64: string): { cols: HistoryColumns; lines: string[] } {
  const lines = gunzipSync(Buffer.from(b64, 'base64')).toString('utf8').split('\n');
  return { cols: JSON.parse(lines[0]!) as HistoryColumns, lines };
}

describe('encodeHistory', () => {
  const b64 = encodeHistory(history);
  const { cols, lines } = decode(b64);

  it('is plain base64, safe inside a script element', () => {
    expect(b64).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('round-trips types, processes, f, nodes and times (to the µs)', () => {
    expect(cols.n).toBe(6);
    expect(cols.types).toBe('iioinn');
    expect(cols.proc).toEqual([3, -1, 3, 4, 4, -2]);
    expect(cols.f.map((i) => cols.fDict[i])).toEqual([
      'write',
      'kill',
      'write',
      'read',
      'read',
      'lag',
    ]);
    expect(cols.node.map((i) => (i < 0 ? null : cols.nodeDict[i]))).toEqual([
      null,
      null,
      'n2',
      null,
      null,
      null,
    ]);
    let t = 0;
    expect(cols.dtUs.map((d) => (t += d))).toEqual([1, 1500, 2000, 3000, 4000, 5000]);
  });

  it('keeps every value and extra field on its own line, newlines escaped', () => {
    expect(lines).toHaveLength(1 + 2 * 6);
    expect(JSON.parse(lines[1 + 3]!)).toEqual(history[3]!.value);
    expect(JSON.parse(lines[1 + 4]!)).toBe('a\nb</script>');
    expect(JSON.parse(lines[1 + 6 + 4]!)).toEqual({ error: 'timeout' });
    expect(lines[1 + 6 + 0]).toBe('');
  });

  it('indexes the keys each op touches', () => {
    expect(
      cols.keys.map((k) =>
        Array.isArray(k) ? k.map((i) => cols.keyDict[i]) : k < 0 ? null : cols.keyDict[k],
      ),
    ).toEqual(['x', null, 'x', ['x', 'y'], null, null]);
  });
});

describe('keysOf', () => {
  it('reads micro-op keys once each, and {key} objects', () => {
    expect(
      keysOf([
        ['r', 'a', null],
        ['w', 'a', 1],
        ['append', 'b', 2],
      ]),
    ).toEqual(['a', 'b']);
    expect(keysOf({ key: 7, value: 1 })).toEqual(['7']);
    expect(keysOf(['k1', 7])).toEqual([]);
  });
});
