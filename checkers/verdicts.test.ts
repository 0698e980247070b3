// Verdicts you can trust, for the kv checkers: never valid on nothing, never
// invalid on a version order the history does not give, bad input as bad
// input, unknown in a part of causal is unknown, and siblings with their
// stated meaning.
import { describe, expect, it } from 'vitest';
import { BadOpError } from '../core/history.ts';
import { check, checkAll } from './checker.ts';
import { consistentPrefix } from './consistent-prefix.ts';
import { convergence } from './convergence.ts';
import { lostWrites } from './lost-writes.ts';
import { monotonicReads } from './monotonic-reads.ts';
import { readYourWrites } from './read-your-writes.ts';
import { causal } from './session-guarantees.ts';
import { staleness } from './staleness.ts';
import { HistoryBuilder } from './testing/builder.ts';

const KV = [readYourWrites, monotonicReads, consistentPrefix, lostWrites, staleness, convergence];

/** A read that returned raw micro-op values (siblings, strings) by key. */
function rawRead(h: HistoryBuilder, p: number, values: [string, unknown][], f = 'read'): number {
  h.invoke(
    p,
    f,
    values.map(([k]) => ['r', k, null]),
  );
  const i = h.complete(p, 'ok');
  h.ops[i] = { ...h.ops[i]!, value: values.map(([k, v]) => ['r', k, v]) };
  return i;
}

function finalRead(h: HistoryBuilder, p: number, node: string, values: [string, unknown][]) {
  const i = rawRead(h, p, values, 'final-read');
  h.ops[i] = { ...h.ops[i]!, node };
  return i;
}

describe('the kv checkers on histories they cannot read: bad input, never a crash', () => {
  const cases: [string, (h: HistoryBuilder) => void, RegExp][] = [
    [
      'a read whose value is not a list',
      (h) => {
        h.invokeRead(1, ['k1']);
        h.ops.push({ ...h.ops[0]!, index: 1, type: 'ok', value: 5 });
      },
      /op 1: a read's value must be a non-empty list of micro-ops, got 5/,
    ],
    [
      'an unknown f',
      (h) => {
        h.invoke(1, 'increment', [['w', 'k1', 1]]);
        h.complete(1, 'ok');
      },
      /op 0: f "increment" is not a kv op/,
    ],
    [
      'a version given as a string',
      (h) => {
        h.invoke(1, 'write', [['w', 'k1', '5']]);
        h.complete(1, 'ok');
      },
      /op 0: the value of k1 must be a positive integer or null .*got "5"/,
    ],
  ];
  it.each(cases)('%s', (_, build, message) => {
    const h = new HistoryBuilder();
    build(h);
    for (const c of KV) {
      expect(() => check(c, h.ops)).toThrow(BadOpError);
      expect(() => check(c, h.ops)).toThrow(message);
    }
  });
});

describe('the kv checkers on a history that gives them nothing to judge', () => {
  it('are unknown with the reason, never valid', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    for (const r of Object.values(checkAll(KV, h.ops))) {
      expect(r.valid).toBe('unknown');
      expect(r.error).toMatch(/nothing checked/);
    }
  });
});

describe('a key whose writes give no version order', () => {
  it('a sequential writer of 5 then 3 reading 3 is not a stale read: unknown, naming it', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 5);
    h.w(1, 'k1', 3);
    h.r(1, { k1: 3 });
    h.r(1, { k1: 3 });
    for (const c of [readYourWrites, monotonicReads]) {
      const r = check(c, h.ops);
      expect(r.anomalies).toEqual([]);
      expect(r.valid).toBe('unknown');
      expect(r.error).toMatch(
        /process 1 wrote 3 to k1 \(op 2\) after 5 \(op 0\).*needs one writer/,
      );
    }
  });

  it('drops what it flagged on that key before it knew, and keeps anomalies on other keys', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 5);
    h.r(1, { k1: null });
    h.w(2, 'k1', 7);
    h.w(3, 'k3', 2);
    const stale = h.r(3, { k3: null });
    const r = check(readYourWrites, h.ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies.map((a) => a.ops.at(-1))).toEqual([stale]);
    expect(r.anomalyCounts).toEqual({ 'stale-read': 1 });
  });

  it('stops consistent prefix with unknown and the reason, not a crash', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.w(2, 'k1', 2);
    h.r(3, { k1: 2 });
    const r = check(consistentPrefix, h.ops);
    expect(r.valid).toBe('unknown');
    expect(r.error).toMatch(/^op 2: k1 is written by processes 1 and 2/);
  });
});

describe('final reads', () => {
  it('are not judged as reads of a session, even under a session’s process id', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.w(1, 'k1', 2);
    h.r(1, { k1: 2 });
    h.r(1, { k1: 2 });
    // A replica that had not caught up when the final reads began, read under a reused id.
    const lagging = finalRead(h, 1, 'n3', [['k1', 1]]);
    for (const c of [readYourWrites, monotonicReads, consistentPrefix])
      expect([c.id, check(c, h.ops).valid]).toEqual([c.id, true]);
    const fresh = finalRead(h, 2, 'n1', [['k1', 2]]);
    const conv = check(convergence, h.ops);
    expect(conv.anomalies.map((a) => [a.kind, a.ops])).toEqual([
      ['divergent-replicas', [lagging, fresh]],
    ]);
  });
});

describe('causal', () => {
  it('is unknown when a part is, though no part found an anomaly', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.r(1, { k1: 1 });
    // Nobody read a key twice: monotonic reads judged nothing.
    const r = check(causal, h.ops);
    expect(r.valid).toBe('unknown');
    expect(r.error).toMatch(/^monotonic-reads: nothing checked/);
  });

  it('is invalid when a part found an anomaly, whatever the others say', () => {
    const h = new HistoryBuilder();
    const w = h.w(1, 'k1', 1);
    const bad = h.r(1, { k1: null });
    const r = check(causal, h.ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies.map((a) => [a.kind, a.ops])).toEqual([['stale-read', [w, bad]]]);
  });
});

describe('siblings', () => {
  it('read-your-writes holds if a sibling is at or after the write; monotonic reads compares the latest', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 2);
    rawRead(h, 1, [['k1', { siblings: [1, 2] }]]);
    const w3 = h.w(1, 'k1', 3);
    const stale = rawRead(h, 1, [['k1', { siblings: [2, 1] }]]);
    const ryw = check(readYourWrites, h.ops);
    expect(ryw.anomalies.map((a) => a.ops)).toEqual([[w3, stale]]);
    expect(ryw.anomalies[0]!.explanation).toContain('got siblings [2, 1], an older value');
    const mr = check(monotonicReads, h.ops);
    expect(mr.valid).toBe(true);
    const back = rawRead(h, 2, [['k1', { siblings: [2, 3] }]]);
    const older = rawRead(h, 2, [['k1', { siblings: [1, 2] }]]);
    const mr2 = check(monotonicReads, h.ops);
    expect(mr2.anomalies.map((a) => a.ops)).toEqual([[back, older]]);
  });

  it('lost writes and phantoms look at every sibling; convergence compares them as a set', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.w(1, 'k1', 2);
    const phantom = rawRead(h, 2, [['k1', { siblings: [2, 9] }]]);
    const a = finalRead(h, 10, 'n1', [['k1', { siblings: [1, 2] }]]);
    const b = finalRead(h, 11, 'n2', [['k1', { siblings: [2, 1] }]]);
    const lw = check(lostWrites, h.ops);
    expect(lw.anomalies.map((x) => [x.kind, x.ops])).toEqual([['phantom-read', [phantom]]]);
    expect(check(convergence, h.ops).valid).toBe(true);
    const c = finalRead(h, 12, 'n3', [['k1', 2]]);
    const conv = check(convergence, h.ops);
    expect(conv.anomalies.map((x) => [x.kind, x.ops])).toEqual([['divergent-replicas', [a, b, c]]]);
  });

  it('consistent prefix treats each sibling as observed', () => {
    const h = new HistoryBuilder();
    h.w(1, 'x', 1);
    h.w(1, 'y', 1);
    h.w(1, 'y', 2);
    const seen = rawRead(h, 2, [['y', { siblings: [1, 2] }]]);
    const missing = rawRead(h, 2, [['x', null]]);
    const r = check(consistentPrefix, h.ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies[0]!.ops).toEqual(expect.arrayContaining([seen, missing]));
  });
});

describe('partial evidence is not a pass', () => {
  it('lost-writes is unknown when no final read covers a key with acknowledged writes', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    h.w(2, 'k2', 1);
    finalRead(h, 10, 'n1', [['k1', 1]]);
    const r = check(lostWrites, h.ops);
    expect(r.valid).toBe('unknown');
    expect(r.error).toMatch(/^no final read covers 1 key\(s\) with acknowledged writes \(k2\)/);
  });

  it('convergence is unknown for a key only one node’s final read returned', () => {
    const h = new HistoryBuilder();
    h.w(1, 'k1', 1);
    finalRead(h, 10, 'n1', [['k1', 1]]);
    finalRead(h, 11, 'n2', [['k2', null]]);
    const r = check(convergence, h.ops);
    expect(r.valid).toBe('unknown');
    expect(r.error).toMatch(/2 key\(s\) were read by the final reads of one node only \(k1, k2\)/);
  });
});
