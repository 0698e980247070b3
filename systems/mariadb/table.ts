// The kv table on MariaDB and the statements the clients send. A write is
// one autocommit upsert of the version and, per --mariadb-functions, the
// result of nondeterministic SQL functions: replicated as a statement, each
// replica evaluates them again (UUID(), SYSDATE() differ), unless the binlog
// carries what the primary used (NOW()'s timestamp, RAND()'s seed).
import type { SqlFunction } from './options.ts';

export const DATABASE = 'splitbrain';
export const CREATE_DATABASE = `CREATE DATABASE IF NOT EXISTS ${DATABASE}`;

/** Column per function; text, so SYSDATE(6)'s microseconds and RAND()'s digits survive the driver. */
const COLUMN: Readonly<Record<SqlFunction, string>> = {
  uuid: 'fn_uuid',
  sysdate: 'fn_sysdate',
  now: 'fn_now',
  rand: 'fn_rand',
};
const CALL: Readonly<Record<SqlFunction, string>> = {
  uuid: 'UUID()',
  sysdate: 'SYSDATE(6)',
  now: 'NOW(6)',
  rand: 'RAND()',
};
const ALL: readonly SqlFunction[] = ['uuid', 'sysdate', 'now', 'rand'];

export const CREATE_TABLE =
  `CREATE TABLE IF NOT EXISTS ${DATABASE}.kv (k VARCHAR(64) NOT NULL PRIMARY KEY, ` +
  `v BIGINT NOT NULL, ${ALL.map((f) => `${COLUMN[f]} VARCHAR(64) NULL`).join(', ')}) ENGINE=InnoDB`;

/** INSERT ... ON DUPLICATE KEY UPDATE of k, v and each function's column; parameters [k, v]. */
export function upsertSql(fns: readonly SqlFunction[]): string {
  const cols = ['k', 'v', ...fns.map((f) => COLUMN[f])];
  const values = ['?', '?', ...fns.map((f) => CALL[f])];
  const updates = cols.slice(1).map((c) => `${c} = VALUES(${c})`);
  return `INSERT INTO ${DATABASE}.kv (${cols.join(', ')}) VALUES (${values.join(', ')}) ON DUPLICATE KEY UPDATE ${updates.join(', ')}`;
}

/** One SELECT (one snapshot) of the given number of keys; parameters: the keys. */
export function selectSql(keyCount: number, fns: readonly SqlFunction[]): string {
  const cols = ['k', 'v', ...fns.map((f) => COLUMN[f])];
  const marks = Array.from({ length: Math.max(1, keyCount) }, () => '?').join(', ');
  return `SELECT ${cols.join(', ')} FROM ${DATABASE}.kv WHERE k IN (${marks})`;
}

export type Row = Readonly<Record<string, unknown>>;

/** A row as the convergence checker compares it: the version and each function's stored result. */
export function storedOf(
  row: Row,
  fns: readonly SqlFunction[],
): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = { v: Number(row.v) };
  for (const f of fns) {
    const x = row[COLUMN[f]];
    out[f] = x === null || x === undefined ? null : String(x);
  }
  return out;
}
