import { describe, expect, it } from 'vitest';
import { CREATE_TABLE, selectSql, storedOf, upsertSql } from './table.ts';

describe('kv statements', () => {
  it('an upsert stores the version and each chosen function, on insert and on update', () => {
    expect(upsertSql(['uuid', 'now'])).toBe(
      'INSERT INTO splitbrain.kv (k, v, fn_uuid, fn_now) VALUES (?, ?, UUID(), NOW(6)) ON DUPLICATE KEY UPDATE v = VALUES(v), fn_uuid = VALUES(fn_uuid), fn_now = VALUES(fn_now)',
    );
    expect(upsertSql([])).toBe(
      'INSERT INTO splitbrain.kv (k, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v)',
    );
  });

  it('SYSDATE and NOW keep microseconds, so two evaluations differ', () => {
    expect(upsertSql(['sysdate'])).toContain('SYSDATE(6)');
    expect(CREATE_TABLE).toContain('fn_sysdate VARCHAR(64) NULL');
  });

  it('a read selects every key in one statement', () => {
    expect(selectSql(3, ['rand'])).toBe(
      'SELECT k, v, fn_rand FROM splitbrain.kv WHERE k IN (?, ?, ?)',
    );
  });

  it('stored values carry the version and the chosen functions as text', () => {
    expect(storedOf({ k: 'k1', v: 4, fn_uuid: 'a-b', fn_rand: 0.5 }, ['uuid', 'rand'])).toEqual({
      v: 4,
      uuid: 'a-b',
      rand: '0.5',
    });
    expect(storedOf({ k: 'k1', v: 4, fn_now: null }, ['now'])).toEqual({ v: 4, now: null });
  });
});
