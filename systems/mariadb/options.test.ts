import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.ts';
import { keyOf, parseOption, type OptionSpec } from '../../core/option.ts';
import {
  REPLICATION_OPTIONS,
  SQL_OPTIONS,
  SYNC_WAIT_OPTION,
  mariadbOptions,
  parseFunctions,
  sqlClientOptions,
} from './options.ts';

const ALL = [...REPLICATION_OPTIONS, ...SQL_OPTIONS, SYNC_WAIT_OPTION];
const spec = (flag: string): OptionSpec => ALL.find((s) => s.flag === flag)!;
const parse = (flag: string, v: unknown) => parseOption(spec(flag), v);

describe('mariadb and galera flags', () => {
  it('are declared once, in the systems group, their help naming the systems that take them', () => {
    expect(ALL.map((s) => [s.flag, keyOf(s)])).toEqual([
      ['mariadb-topology', 'mariadbTopology'],
      ['binlog-format', 'binlogFormat'],
      ['mariadb-functions', 'mariadbFunctions'],
      ['mariadb-write-to', 'mariadbWriteTo'],
      ['galera-sync-wait', 'galeraSyncWait'],
    ]);
    for (const s of ALL) expect(s.group).toBe('systems');
    for (const s of REPLICATION_OPTIONS) expect(s.describe).toMatch(/^mariadb: /);
    for (const s of SQL_OPTIONS) expect(s.describe).toMatch(/^mariadb, galera: /);
    expect(SYNC_WAIT_OPTION.describe).toMatch(/^galera: /);
  });

  it('keep valid values as the config keeps them', () => {
    expect(parse('mariadb-topology', 'all-to-all')).toBe('all-to-all');
    expect(parse('binlog-format', 'statement')).toBe('statement');
    expect(parse('mariadb-functions', 'uuid, now,uuid')).toBe('uuid,now');
    expect(parse('mariadb-functions', 'none')).toBe('none');
    expect(parse('mariadb-write-to', 'any')).toBe('any');
    expect(parse('galera-sync-wait', 1)).toBe(1);
  });

  it('name the flag, what it takes and what came', () => {
    expect(() => parse('binlog-format', 'ROWS')).toThrow(
      /--binlog-format must be one of statement, row, mixed, got "ROWS"/,
    );
    expect(() => parse('galera-sync-wait', 16)).toThrow(
      /--galera-sync-wait must be a whole number from 0 to 15/,
    );
    expect(() => parse('mariadb-write-to', 'home')).toThrow(
      /--mariadb-write-to must be one of sticky, any/,
    );
    expect(() => parseFunctions('uuid,random')).toThrow(UsageError);
    expect(() => parseFunctions('')).toThrow(
      /comma-separated list of uuid, sysdate, now, rand, or none/,
    );
  });

  it('default to circular, mixed (as MariaDB), all four functions, sticky writes, sync wait 0', () => {
    const defaults = Object.fromEntries(ALL.map((s) => [keyOf(s), s.default!]));
    expect(defaults).toEqual({
      mariadbTopology: 'circular',
      binlogFormat: 'mixed',
      mariadbFunctions: 'uuid,sysdate,now,rand',
      mariadbWriteTo: 'sticky',
      galeraSyncWait: 0,
    });
    expect(mariadbOptions(defaults)).toEqual({ topology: 'circular', binlogFormat: 'mixed' });
    const { galeraSyncWait: _, ...mariadbDefaults } = defaults;
    expect(sqlClientOptions(mariadbDefaults)).toEqual({
      functions: ['uuid', 'sysdate', 'now', 'rand'],
      writeTo: 'sticky',
    });
    expect(sqlClientOptions({ mariadbFunctions: 'none', galeraSyncWait: 1 })).toEqual({
      functions: [],
      writeTo: 'sticky',
      syncWait: 1,
    });
  });
});
