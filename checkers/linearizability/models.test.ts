// The models and their semantics: an op a model does not read is bad input,
// Jepsen's :fail and nil reads mean what Jepsen means, siblings are not one
// register value, nothing checked is unknown, and no partition hides another.
import { describe, expect, it } from 'vitest';
import { BadOpError, type Op } from '../../core/history.ts';
import { check } from '../checker.ts';
import { getChecker } from '../registry.ts';
import { linearizableChecker } from './linearizable.ts';
import { kvModel } from './models.ts';

type Row = [process: number, type: Op['type'], f: string, value: unknown];

/** Ops from rows, indices and times in order. */
function ops(rows: Row[]): Op[] {
  return rows.map(([process, type, f, value], index) => ({
    index,
    type,
    process,
    f,
    value,
    time: index,
  }));
}

const jepsen = (id: string, initial?: unknown) =>
  getChecker(id, { model: { semantics: 'jepsen', ...(initial === undefined ? {} : { initial }) } });

describe('linearizable-kv reads micro-ops by name', () => {
  it('flags a Jepsen multi-register read of a value never written (read/write spelled out)', () => {
    const h = ops([
      [
        1,
        'invoke',
        'txn',
        [
          ['read', 'x', null],
          ['write', 'y', 2],
        ],
      ],
      [
        1,
        'ok',
        'txn',
        [
          ['read', 'x', 1],
          ['write', 'y', 2],
        ],
      ],
    ]);
    const r = check(getChecker('linearizable-kv'), h);
    expect(r.valid).toBe(false);
    expect(check(getChecker('linearizable-multi-register'), h).valid).toBe(false);
  });

  it('refuses a mutex history as bad input instead of passing it with 0 ops', () => {
    const h = ops([
      [1, 'invoke', 'acquire', null],
      [1, 'ok', 'acquire', null],
      [2, 'invoke', 'acquire', null],
      [2, 'ok', 'acquire', null],
    ]);
    expect(() => check(getChecker('linearizable-kv'), h)).toThrow(BadOpError);
    expect(() => check(getChecker('linearizable-kv'), h)).toThrow(
      /op 0: the kv model reads micro-op lists/,
    );
    // The mutex model reads it, and two holders at once are not linearizable.
    const m = check(getChecker('linearizable-mutex'), h);
    expect(m.valid).toBe(false);
    expect(m.anomalies[0]!.explanation).toContain('the mutex is held');
  });

  it('refuses a cas on a mutex and a micro-op list on a register', () => {
    const cas = ops([
      [1, 'invoke', 'cas', [1, 2]],
      [1, 'ok', 'cas', [1, 2]],
    ]);
    expect(() => check(getChecker('linearizable-mutex'), cas)).toThrow(/reads acquire and release/);
    const kv = ops([
      [1, 'invoke', 'read', [['r', 'x', null]]],
      [1, 'ok', 'read', [['r', 'x', 1]]],
    ]);
    expect(() => check(getChecker('linearizable-cas-register'), kv)).toThrow(
      /the cas-register model holds one value, but this read carries micro-ops/,
    );
  });
});

describe('Jepsen semantics', () => {
  const failedCas = ops([
    [1, 'invoke', 'write', 1],
    [1, 'ok', 'write', 1],
    // Compared with 1 and "failed": under Jepsen's meaning it did not happen, nothing more.
    [2, 'invoke', 'cas', [1, 2]],
    [2, 'fail', 'cas', [1, 2]],
  ]);

  it('drops a :fail :cas; splitbrain reads it as a compare that missed', () => {
    expect(check(jepsen('linearizable-cas-register'), failedCas).valid).toBe(true);
    expect(check(getChecker('linearizable-register'), failedCas).valid).toBe(false);
  });

  it('lets an :ok :read of nil constrain nothing; splitbrain reads it as unset', () => {
    const nilRead = ops([
      [1, 'invoke', 'write', 3],
      [1, 'ok', 'write', 3],
      [2, 'invoke', 'read', null],
      [2, 'ok', 'read', null],
      [3, 'invoke', 'write', 4],
      [3, 'ok', 'write', 4],
    ]);
    expect(check(jepsen('linearizable-cas-register'), nilRead).valid).toBe(true);
    expect(check(getChecker('linearizable-register'), nilRead).valid).toBe(false);
  });

  it('starts the register at the initial value given', () => {
    const zero = ops([
      [1, 'invoke', 'cas', [0, 5]],
      [1, 'ok', 'cas', [0, 5]],
      [2, 'invoke', 'read', null],
      [2, 'ok', 'read', 5],
    ]);
    expect(check(jepsen('linearizable-cas-register', 0), zero).valid).toBe(true);
    expect(check(jepsen('linearizable-cas-register', null), zero).valid).toBe(false);
  });

  it('checks a multi-register transaction atomically across the keys it spans', () => {
    // Each read sees one key's write but not the other's: fine key by key, not as transactions.
    const torn = ops([
      [
        1,
        'invoke',
        'txn',
        [
          ['write', 'x', 1],
          ['write', 'y', 1],
        ],
      ],
      [
        2,
        'invoke',
        'txn',
        [
          ['read', 'x', null],
          ['read', 'y', null],
        ],
      ],
      [
        3,
        'invoke',
        'txn',
        [
          ['read', 'x', null],
          ['read', 'y', null],
        ],
      ],
      [
        2,
        'ok',
        'txn',
        [
          ['read', 'x', 1],
          ['read', 'y', 0],
        ],
      ],
      [
        3,
        'ok',
        'txn',
        [
          ['read', 'x', 0],
          ['read', 'y', 1],
        ],
      ],
      [
        1,
        'ok',
        'txn',
        [
          ['write', 'x', 1],
          ['write', 'y', 1],
        ],
      ],
    ]);
    expect(check(jepsen('linearizable-multi-register', 0), torn).valid).toBe(false);
    expect(check(jepsen('linearizable-kv', 0), torn).valid).toBe(true);
  });
});

describe('nothing checked, and what cannot be', () => {
  it('is unknown when no op took effect or returned a value', () => {
    const failed = ops([
      [1, 'invoke', 'write', 1],
      [1, 'fail', 'write', 1],
    ]);
    const r = check(getChecker('linearizable-register'), failed);
    expect(r.valid).toBe('unknown');
    expect(r.error).toMatch(/^nothing checked/);
  });

  it('leaves a read of siblings unknown, unless another key is a definite violation', () => {
    const sib = ops([
      [1, 'invoke', 'write', [['w', 'x', 1]]],
      [1, 'ok', 'write', [['w', 'x', 1]]],
      [2, 'invoke', 'read', [['r', 'x', null]]],
      [2, 'ok', 'read', [['r', 'x', { siblings: [1, 2] }]]],
    ]);
    const r = check(getChecker('linearizable-kv'), sib);
    expect(r.valid).toBe('unknown');
    expect(r.error).toMatch(/op 3 read siblings of x, which are not one value of a register/);
    const bad = ops([
      ...sib.map((o): Row => [o.process as number, o.type, o.f, o.value]),
      [3, 'invoke', 'read', [['r', 'y', null]]],
      [3, 'ok', 'read', [['r', 'y', 7]]],
    ]);
    expect(check(getChecker('linearizable-kv'), bad).valid).toBe(false);
  });
});

describe('partitions', () => {
  it('a violation in a later partition counts though an earlier one ran out of budget', () => {
    const rows: Row[] = [];
    // Key a: 14 concurrent writes and a read of a value none wrote; 2^14 sets to try.
    for (let p = 0; p < 14; p++) rows.push([p, 'invoke', 'write', [['w', 'a', p]]]);
    rows.push([99, 'invoke', 'read', [['r', 'a', null]]]);
    for (let p = 0; p < 14; p++) rows.push([p, 'ok', 'write', [['w', 'a', p]]]);
    rows.push([99, 'ok', 'read', [['r', 'a', 77]]]);
    // Key b: more ops (so searched later), sequential, ending in a read of a value never written.
    for (let v = 1; v <= 20; v++) {
      rows.push([200, 'invoke', 'write', [['w', 'b', v]]]);
      rows.push([200, 'ok', 'write', [['w', 'b', v]]]);
    }
    rows.push([201, 'invoke', 'read', [['r', 'b', null]]]);
    rows.push([201, 'ok', 'read', [['r', 'b', 500]]]);
    const small = linearizableChecker({ model: kvModel(), maxCacheEntries: 10 });
    const r = check(small, ops(rows));
    expect(r.valid).toBe(false);
    expect(r.anomalies.map((a) => a.ops.at(-1))).toEqual([rows.length - 1]);
    expect(r.stats).toMatchObject({ partitions: 2, partitionsChecked: 1 });
  });
});

describe('ops of unknown outcome alone', () => {
  it('constrain nothing: unknown, not valid', () => {
    const timedOut = ops([
      [1, 'invoke', 'write', 1],
      [1, 'info', 'write', 1],
      [2, 'invoke', 'cas', [1, 2]],
    ]);
    const r = check(getChecker('linearizable-register'), timedOut);
    expect(r.valid).toBe('unknown');
    expect(r.error).toMatch(/^nothing checked: no op .* is known to have taken effect/);
  });
});
