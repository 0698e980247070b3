import { describe, expect, it } from 'vitest';
import type { Op, OpType } from '../core/history.ts';
import { setChecker } from './set.ts';

/** A history from [process, type, f, value, node?] rows. */
function history(rows: readonly (readonly [number, OpType, string, unknown, string?])[]): Op[] {
  return rows.map(([process, type, f, value, node], index) => ({
    index,
    type,
    process,
    f,
    value,
    time: index * 1000,
    ...(node ? { node } : {}),
  }));
}

function check(ops: readonly Op[]) {
  const pass = setChecker.start();
  for (const op of ops) pass.step(op);
  return pass.finish();
}

const adds = (...rows: [number, number, OpType][]) =>
  rows.flatMap(
    ([p, e, t]) =>
      [
        [p, 'invoke', 'add', e],
        [p, t, 'add', e],
      ] as const,
  );

describe('set checker', () => {
  it('is valid when every acknowledged add is in every final read', () => {
    const r = check(
      history([
        ...adds([0, 0, 'ok'], [1, 1, 'ok'], [2, 2, 'info']),
        [9, 'invoke', 'final-read', null],
        [9, 'ok', 'final-read', [0, 1], 'n1'],
        [8, 'invoke', 'final-read', null],
        [8, 'ok', 'final-read', [0, 1, 2], 'n2'],
      ]),
    );
    expect(r.valid).toBe(true);
    expect(r.stats).toMatchObject({ acknowledged: 2, attempted: 3, lost: 0, finalReads: 2 });
  });

  it('names the lost acknowledged adds, with the add ops and the final read', () => {
    const ops = history([
      ...adds([0, 0, 'ok'], [1, 1, 'ok'], [0, 2, 'ok']),
      [9, 'invoke', 'final-read', null],
      [9, 'ok', 'final-read', [0], 'n3'],
    ]);
    const r = check(ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies).toEqual([
      {
        kind: 'lost',
        ops: [3, 5, 7],
        explanation: 'the final read on n3 (op 7) lacks 2 acknowledged add(s): 1, 2',
      },
    ]);
    expect(r.stats.lost).toBe(2);
  });

  it('names elements no client tried to add', () => {
    const r = check(
      history([
        ...adds([0, 0, 'ok']),
        [9, 'invoke', 'final-read', null],
        [9, 'ok', 'final-read', [0, 42], 'n1'],
      ]),
    );
    expect(r.valid).toBe(false);
    expect(r.anomalies.map((a) => [a.kind, a.explanation])).toEqual([
      ['unexpected', 'the final read on n1 (op 3) holds 42, which no client tried to add'],
    ]);
  });

  it('reads siblings as their union, and a failed add may be absent', () => {
    const r = check(
      history([
        ...adds([0, 0, 'ok'], [1, 1, 'ok'], [2, 5, 'fail']),
        [9, 'invoke', 'final-read', null],
        [9, 'ok', 'final-read', { siblings: [[0], [1]] }, 'n1'],
      ]),
    );
    expect(r.valid).toBe(true);
    const lost = check(
      history([
        ...adds([0, 0, 'ok'], [1, 1, 'ok']),
        [9, 'invoke', 'final-read', null],
        [9, 'ok', 'final-read', { siblings: [[0], [0]] }, 'n1'],
      ]),
    );
    expect(lost.anomalies.map((a) => a.kind)).toEqual(['lost']);
  });

  it('is unknown without a final read, or without an acknowledged add', () => {
    const noFinal = check(
      history([...adds([0, 0, 'ok']), [1, 'invoke', 'read', null], [1, 'ok', 'read', []]]),
    );
    expect(noFinal).toMatchObject({
      valid: 'unknown',
      error: 'no final read of the set succeeded',
    });
    const noAck = check(
      history([
        ...adds([0, 0, 'info']),
        [9, 'invoke', 'final-read', null],
        [9, 'ok', 'final-read', []],
      ]),
    );
    expect(noAck).toMatchObject({ valid: 'unknown', error: 'no add was acknowledged' });
  });

  it('refuses a final read that is not a set, naming the op', () => {
    expect(() =>
      check(
        history([
          ...adds([0, 0, 'ok']),
          [9, 'invoke', 'final-read', null],
          [9, 'ok', 'final-read', 7],
        ]),
      ),
    ).toThrow(/op 3: final read returned 7, not a set/);
  });
});
