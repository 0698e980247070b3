import { describe, expect, it } from 'vitest';
import { statementError } from './sql.ts';

const sqlError = (errno: number, code: string, sqlMessage: string, fatal = false) =>
  Object.assign(new Error(sqlMessage), { errno, code, sqlMessage, fatal });

describe('what a statement error says about its effect', () => {
  it('a deadlock (certification failure) and a node outside the primary component are refusals', () => {
    expect(statementError(sqlError(1213, 'ER_LOCK_DEADLOCK', 'Deadlock found'))).toEqual({
      kind: 'refused',
      text: '1213 ER_LOCK_DEADLOCK: Deadlock found',
    });
    // 1047 comes with SQLSTATE 08S01, a connection class, yet nothing ran.
    expect(
      statementError(sqlError(1047, 'ER_UNKNOWN_COM_ERROR', 'WSREP has not yet prepared node'))
        .kind,
    ).toBe('refused');
    expect(
      statementError(sqlError(1146, 'ER_NO_SUCH_TABLE', "Table 'kv' doesn't exist")).kind,
    ).toBe('refused');
  });

  it('a failed commit, a shutdown and a killed connection leave the outcome unknown', () => {
    for (const errno of [1180, 1053, 1927])
      expect(statementError(sqlError(errno, 'X', 'y')).kind).toBe('unknown');
  });

  it("the connector's own errors (socket closed, timeouts) and plain socket errors are unknown", () => {
    expect(
      statementError(sqlError(45009, 'ER_SOCKET_UNEXPECTED_CLOSE', 'socket closed', true)),
    ).toEqual({
      kind: 'unknown',
      text: '45009 ER_SOCKET_UNEXPECTED_CLOSE: socket closed',
    });
    expect(statementError(new Error('read ECONNRESET'))).toEqual({
      kind: 'unknown',
      text: 'connection: read ECONNRESET',
    });
  });
});
