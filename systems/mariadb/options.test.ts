import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.ts';
import { mariadbOptions, parseFunctions, resolveFlags, sqlClientOptions } from './options.ts';

describe('mariadb and galera flags', () => {
  it('keeps valid values under their config keys', () => {
    expect(
      resolveFlags(
        {
          mariadbTopology: 'all-to-all',
          binlogFormat: 'statement',
          mariadbFunctions: 'uuid, now,uuid',
          mariadbWriteTo: 'any',
        },
        'mariadb',
      ),
    ).toEqual({
      mariadbTopology: 'all-to-all',
      binlogFormat: 'statement',
      mariadbFunctions: 'uuid,now',
      mariadbWriteTo: 'any',
    });
    expect(resolveFlags({ galeraSyncWait: 1, mariadbFunctions: 'none' }, 'galera')).toEqual({
      galeraSyncWait: 1,
      mariadbFunctions: 'none',
    });
  });

  it('names the flag, what it takes and what came', () => {
    expect(() => resolveFlags({ binlogFormat: 'ROWS' }, 'mariadb')).toThrow(
      /--binlog-format must be one of statement, row, mixed, got "ROWS"/,
    );
    expect(() => resolveFlags({ galeraSyncWait: 16 }, 'galera')).toThrow(
      /--galera-sync-wait must be a whole number from 0 to 15/,
    );
    expect(() => parseFunctions('uuid,random')).toThrow(UsageError);
    expect(() => parseFunctions('')).toThrow(
      /comma-separated list of uuid, sysdate, now, rand, or none/,
    );
  });

  it('refuses a flag of another system, saying why for Galera and binlog_format', () => {
    expect(() => resolveFlags({ binlogFormat: 'statement' }, 'galera')).toThrow(
      /--binlog-format is an option of --system mariadb, not of --system galera: Galera replicates row events only/,
    );
    expect(() => resolveFlags({ galeraSyncWait: 1 }, 'mariadb')).toThrow(
      /--galera-sync-wait is an option of --system galera/,
    );
    expect(() => resolveFlags({ mariadbWriteTo: 'any' }, 'redis')).toThrow(
      /--system mariadb or galera, not of --system redis/,
    );
  });

  it('fills defaults: circular, mixed (as MariaDB), all four functions, sticky writes', () => {
    expect(mariadbOptions({})).toEqual({ topology: 'circular', binlogFormat: 'mixed' });
    expect(sqlClientOptions({}, 'mariadb')).toEqual({
      functions: ['uuid', 'sysdate', 'now', 'rand'],
      writeTo: 'sticky',
    });
    expect(sqlClientOptions({ mariadbFunctions: 'none', galeraSyncWait: 1 }, 'galera')).toEqual({
      functions: [],
      writeTo: 'sticky',
      syncWait: 1,
    });
  });
});
