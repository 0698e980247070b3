// How --system mariadb and galera reach a run: their flags resolve into the
// run config, come back in the repeat command, and pick the workload, read
// policies and default checkers (convergence included).
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { repeatCommand, resolveRunConfig } from '../../harness/config.ts';
import { targetWorkload, validateSystemChoices } from '../../harness/systems.ts';

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
    expect(c.target).toEqual({
      mariadbTopology: 'all-to-all',
      binlogFormat: 'statement',
      mariadbFunctions: 'uuid',
    });
    expect(repeatCommand(c)).toContain(
      '--system mariadb --mariadb-topology all-to-all --binlog-format statement --mariadb-functions uuid',
    );
    const g = resolveRunConfig({ system: 'galera', galeraSyncWait: 1 }, 1);
    expect(repeatCommand(g)).toContain('--system galera --galera-sync-wait 1');
  });

  it('refuse what does not apply, naming the flag', () => {
    expect(() => resolveRunConfig({ system: 'galera', binlogFormat: 'row' }, 1)).toThrow(
      /--binlog-format is an option of --system mariadb/,
    );
    expect(() =>
      validateSystemChoices(resolveRunConfig({ system: 'mariadb', readFrom: 'leader' }, 1)),
    ).toThrow(
      /--read-from "leader" is not offered for mariadb; expected one of: sticky, any, others/,
    );
  });

  it('judge replicas as well as sessions by default', () => {
    for (const system of ['mariadb', 'galera']) {
      const w = targetWorkload(resolveRunConfig({ system }, 1), createRng(1));
      expect(w.checkers).toEqual([
        'read-your-writes',
        'monotonic-reads',
        'consistent-prefix',
        'convergence',
      ]);
    }
  });
});
