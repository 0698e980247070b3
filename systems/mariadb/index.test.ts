// The mariadb and galera descriptors: what they offer a run, and the wiring
// their setUp gives (a server launcher through the link proxies for MariaDB,
// a cluster launcher of its own for Galera), without starting a server.
import { describe, expect, it } from 'vitest';
import { realClock } from '../../core/clock.ts';
import type { Cluster } from '../../core/cluster.ts';
import type { SystemDescriptor, SystemSettings } from '../../core/system.ts';
import { galera } from './galera/index.ts';
import { mariadb } from './index.ts';

const settings = (system: SystemDescriptor): SystemSettings => ({
  backend: 'local',
  workload: 'kv',
  readFrom: 'sticky',
  nodeCount: 3,
  options: Object.fromEntries(system.options.map((s) => [s.flag, s.default!])),
});

const nodes = ['n1', 'n2', 'n3'].map((id, i) => ({ id, host: '127.0.0.1', port: 1000 + i }));

describe('mariadb and galera descriptors', () => {
  it('offer the multi-primary read policies and add convergence to the checkers', () => {
    for (const s of [mariadb, galera]) {
      expect(s.readPolicies).toEqual(['sticky', 'any', 'others']);
      expect(s.checkers).toEqual(['convergence']);
      expect(s.workloads).toEqual(['kv']);
      expect(s.backends).toEqual(['local', 'external']);
    }
    expect(mariadb.options.map((o) => o.flag)).toEqual([
      'mariadb-topology',
      'binlog-format',
      'mariadb-functions',
      'mariadb-write-to',
    ]);
    expect(galera.options.map((o) => o.flag)).toEqual([
      'mariadb-functions',
      'mariadb-write-to',
      'galera-sync-wait',
    ]);
    // The shared flags are one declaration, not two alike.
    expect(galera.options[0]).toBe(mariadb.options[2]);
  });

  it('say whether their server is here, naming what to install when not', () => {
    for (const s of [mariadb, galera]) {
      const i = s.installed!();
      if (!i.installed) expect(i.detail).toMatch(/apt-get install|needs root/);
      else expect(i.detail).toMatch(/mariadbd/);
    }
  });

  it('mariadb runs as servers behind the link proxies; galera brings its own cluster', () => {
    const m = mariadb.setUp(settings(mariadb), realClock()).launcher!;
    expect(m.kind).toBe('server');
    const g = galera.setUp(settings(galera), realClock()).launcher!;
    expect(g.kind).toBe('cluster');
    if (g.kind !== 'cluster') return;
    const caps = Object.fromEntries(g.capabilities().map((c) => [c.kind, c.available]));
    expect(caps).toMatchObject({ partition: true, kill: true, pause: true, link: false });
  });

  it('no node leads: a leader-targeted fault hits the first node', async () => {
    const cluster = { nodes } as unknown as Cluster;
    for (const s of [mariadb, galera])
      expect(await s.setUp(settings(s), realClock()).findLeader?.(cluster)).toBe('n1');
  });
});
