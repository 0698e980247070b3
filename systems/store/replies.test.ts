import { describe, expect, it } from 'vitest';
import type { SingleLeaderReadReply } from '../../store/replication/single-leader/protocol.ts';
import { mergeReplies, readValue } from './replies.ts';

const reply = (over: Partial<SingleLeaderReadReply>): SingleLeaderReadReply => ({
  ok: true,
  node: 'n1',
  lsn: 3,
  values: {},
  versions: {},
  ...over,
});

describe('store replies as the history records them', () => {
  it('a key is null when absent, its value, or {"siblings": [...]} for concurrent versions', () => {
    const r = reply({
      values: { a: 7, c: null },
      versions: { a: 4, b: 0, c: { n1: 1, n2: 1 } },
      siblings: {
        c: [
          { value: 'x', version: { n1: 1 } },
          { value: 'y', version: { n2: 1 } },
        ],
      },
    });
    expect(readValue(r, 'a')).toBe(7);
    expect(readValue(r, 'b')).toBeNull();
    expect(readValue(r, 'c')).toEqual({ siblings: ['x', 'y'] });
  });

  it('merging per-shard answers keeps each shard’s siblings and applied LSN', () => {
    const sib = [
      { value: 1, version: 'v1' },
      { value: 2, version: 'v2' },
    ];
    const merged = mergeReplies([
      reply({ node: 'n1', lsn: 5, values: { a: 1 }, versions: { a: 5 } }),
      reply({
        node: 'n3',
        lsn: 2,
        values: { b: null },
        versions: { b: 'v' },
        siblings: { b: sib },
      }),
    ]);
    expect(merged).toMatchObject({
      node: 'n1,n3',
      lsn: 2,
      values: { a: 1, b: null },
      siblings: { b: sib },
      lsns: { '0': 2 },
    });
  });
});
