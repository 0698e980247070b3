// Where Debian's postgresql package puts the server: one bin folder per major version.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Installed } from '../../core/system.ts';
import { installedAt } from '../installed.ts';

const PG_ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder, e.g. /usr/lib/postgresql/15/bin. */
export function postgresBinDir(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? null : join(PG_ROOT, versions[0]!, 'bin');
}

export function postgresInstalled(): Installed {
  const bin = postgresBinDir();
  return installedAt(bin === null ? null : join(bin, 'postgres'), 'postgresql');
}
