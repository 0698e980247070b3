// How --system mariadb and galera reach a run through their descriptors:
// their flags resolve into the run config, come back in the repeat command,
// the two SQL flags both systems declare are taken by either, and a run
// gets their read policies and default checkers (convergence included).
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { runOptions } from './commands/run.ts';
import { repeatArgv, repeatCommand, resolveRunConfig, type RawRunOptions } from './config.ts';
import { SYSTEM_OPTIONS } from './run-options.ts';
import { defaultCheckersOf, validateSystemChoices } from './systems.ts';

const parsed = (argv: readonly string[]) =>
  runOptions(yargs([...argv]).strict()).parseSync() as RawRunOptions;

describe('mariadb and galera in a run', () => {
  it('round-trip through the repeat command', () => {
    const c = resolveRunConfig(
      {
        system: 'mariadb',
        mariadbTopology: 'all-to-all',
        binlogFormat: 'statement',
        mariadbFunctions: 'uuid',
        readFrom: 'sticky',
      },
      1,
    );
    expect(c.test).toBe('mariadb-kv-sticky');
    expect(c.systemOptions).toEqual({
      mariadbTopology: 'all-to-all',
      binlogFormat: 'statement',
      mariadbFunctions: 'uuid',
      mariadbWriteTo: 'sticky',
    });
    expect(repeatCommand(c)).toContain(
      '--mariadb-topology all-to-all --binlog-format statement --mariadb-functions uuid',
    );
    expect(resolveRunConfig(parsed(repeatArgv(c)), 99)).toEqual(c);
    const g = resolveRunConfig({ system: 'galera', galeraSyncWait: 1, mariadbWriteTo: 'any' }, 1);
    expect(repeatCommand(g)).toContain('--system galera');
    expect(repeatCommand(g)).toContain('--mariadb-write-to any --galera-sync-wait 1');
    expect(resolveRunConfig(parsed(repeatArgv(g)), 99)).toEqual(g);
  });

  it('take the shared SQL flags with either system, each declared once', () => {
    for (const system of ['mariadb', 'galera'])
      expect(
        resolveRunConfig({ system, mariadbFunctions: 'none' }, 1).systemOptions.mariadbFunctions,
      ).toBe('none');
    const flags = SYSTEM_OPTIONS.map((s) => s.flag);
    expect(flags.filter((f) => f === 'mariadb-functions')).toHaveLength(1);
    expect(flags.filter((f) => f === 'mariadb-write-to')).toHaveLength(1);
  });

  it('refuse what does not apply, naming the flag and whose it is', () => {
    expect(() => resolveRunConfig({ system: 'galera', binlogFormat: 'row' }, 1)).toThrow(
      '--binlog-format is an option of MariaDB and needs --system mariadb, got --system galera',
    );
    expect(() => resolveRunConfig({ system: 'mariadb', galeraSyncWait: 1 }, 1)).toThrow(
      '--galera-sync-wait is an option of Galera Cluster and needs --system galera, got --system mariadb',
    );
    expect(() => resolveRunConfig({ system: 'redis', mariadbWriteTo: 'any' }, 1)).toThrow(
      '--mariadb-write-to is an option of MariaDB and needs --system mariadb, got --system redis',
    );
    expect(() => resolveRunConfig({ system: 'galera', galeraSyncWait: 16 }, 1)).toThrow(
      '--galera-sync-wait must be a whole number from 0 to 15',
    );
    expect(() =>
      validateSystemChoices(resolveRunConfig({ system: 'mariadb', readFrom: 'leader' }, 1)),
    ).toThrow(
      '--read-from "leader" is not offered for mariadb; expected one of: sticky, any, others',
    );
  });

  it('judge replicas as well as sessions by default', () => {
    for (const system of ['mariadb', 'galera'])
      expect(defaultCheckersOf(resolveRunConfig({ system }, 1))).toEqual([
        'read-your-writes',
        'monotonic-reads',
        'consistent-prefix',
        'convergence',
      ]);
    expect(defaultCheckersOf(resolveRunConfig({ system: 'postgres' }, 1))).not.toContain(
      'convergence',
    );
  });
});
