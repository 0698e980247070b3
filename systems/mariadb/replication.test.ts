import { describe, expect, it } from 'vitest';
import {
  changeMasterSql,
  gtidLag,
  linkStatus,
  parseGtidPos,
  replicationSources,
  stoppedByError,
} from './replication.ts';

describe('replication topology', () => {
  it('circular: each node follows the one before it, n1 follows the last', () => {
    expect(Object.fromEntries(replicationSources(['n1', 'n2', 'n3'], 'circular'))).toEqual({
      n1: ['n3'],
      n2: ['n1'],
      n3: ['n2'],
    });
  });

  it('all-to-all: each node follows every other', () => {
    expect(Object.fromEntries(replicationSources(['n1', 'n2', 'n3'], 'all-to-all'))).toEqual({
      n1: ['n2', 'n3'],
      n2: ['n1', 'n3'],
      n3: ['n1', 'n2'],
    });
  });

  it("one node replicates from nobody; two are each other's source either way", () => {
    expect(replicationSources(['n1'], 'circular').get('n1')).toEqual([]);
    expect(Object.fromEntries(replicationSources(['n1', 'n2'], 'circular'))).toEqual({
      n1: ['n2'],
      n2: ['n1'],
    });
  });

  it('a link is a named connection dialing the given proxy port with GTID positions', () => {
    expect(changeMasterSql('n2', 41234)).toBe(
      "CHANGE MASTER 'n2' TO MASTER_HOST='127.0.0.1', MASTER_PORT=41234, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1",
    );
  });
});

describe('GTID positions', () => {
  it('parses domain-server-seq lists, empty included', () => {
    expect([...parseGtidPos('1-1-5,2-2-7')]).toEqual([
      [1, 5],
      [2, 7],
    ]);
    expect(parseGtidPos('').size).toBe(0);
    expect(() => parseGtidPos('1-1')).toThrow(/not a GTID position: "1-1"/);
  });

  it('lag counts the transactions each node lacks in every domain', () => {
    const a = parseGtidPos('1-1-5,2-2-7');
    const b = parseGtidPos('1-1-3');
    const c = parseGtidPos('1-1-5,2-2-7');
    expect(gtidLag([a, b, c])).toEqual([0, 2 + 7, 0]);
  });

  it('an applier stopped with an error is told from one still running or merely stopped', () => {
    const stopped = linkStatus({
      Connection_name: 'n2',
      Slave_IO_Running: 'Yes',
      Slave_SQL_Running: 'No',
      Last_SQL_Errno: 1062,
      Last_SQL_Error: "Duplicate entry 'k9' for key 'PRIMARY'",
    });
    expect(stopped).toMatchObject({ connection: 'n2', sqlErrno: 1062 });
    expect(stoppedByError(stopped)).toBe(true);
    expect(stoppedByError(linkStatus({ Slave_SQL_Running: 'Yes', Last_SQL_Errno: 0 }))).toBe(false);
    expect(stoppedByError(linkStatus({ Slave_SQL_Running: 'No', Last_SQL_Errno: 0 }))).toBe(false);
  });
});
