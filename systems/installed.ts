// Which real servers are installed here, for `--system` checks, the tests'
// skip reasons and the doctor. Debian's packages put them at fixed paths.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { galeraInstalled } from './galera/installed.ts';
import { mariadbInstalled } from './mariadb/installed.ts';

export const TARGET_SYSTEMS = ['redis', 'postgres', 'etcd', 'mariadb', 'galera'] as const;
export type TargetSystemName = (typeof TARGET_SYSTEMS)[number];

export interface Installed {
  readonly system: TargetSystemName;
  readonly installed: boolean;
  /** The binary found, or how to install it. */
  readonly detail: string;
}

const PG_ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder, e.g. /usr/lib/postgresql/15/bin. */
export function postgresBinDir(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? null : join(PG_ROOT, versions[0]!, 'bin');
}

export function installed(system: TargetSystemName): Installed {
  const found = (path: string | null, pkg: string): Installed =>
    path !== null && existsSync(path)
      ? { system, installed: true, detail: path }
      : { system, installed: false, detail: `not installed: apt-get install ${pkg}` };
  switch (system) {
    case 'redis':
      return found('/usr/bin/redis-server', 'redis-server');
    case 'postgres': {
      const bin = postgresBinDir();
      return found(bin === null ? null : join(bin, 'postgres'), 'postgresql');
    }
    case 'etcd':
      return found('/usr/bin/etcd', 'etcd-server');
    case 'mariadb':
      return { system, ...mariadbInstalled() };
    case 'galera':
      return { system, ...galeraInstalled() };
  }
}

/** One line per system, for `splitbrain doctor`. */
export function installedReport(): string {
  return [
    'servers for --system:',
    ...TARGET_SYSTEMS.map((s) => {
      const i = installed(s);
      return `  ${i.installed ? 'yes' : 'no '} ${s.padEnd(9)} ${i.detail}`;
    }),
  ].join('\n');
}
