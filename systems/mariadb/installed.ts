// Whether --system mariadb can run here, for the doctor, the run's pre-check
// and the tests' skip reasons.
import { existsSync } from 'node:fs';
import type { Installed } from '../../core/system.ts';
import { INSTALL_DB, MARIADBD } from './server.ts';

/** The first missing path with its package, or null when all are there. */
export function missing(paths: readonly (readonly [string, string])[]): Installed | null {
  const gone = paths.filter(([path]) => !existsSync(path));
  if (gone.length === 0) return null;
  const pkgs = [...new Set(gone.map(([, pkg]) => pkg))];
  return {
    installed: false,
    detail: `not installed (${gone.map(([p]) => p).join(', ')}): apt-get install ${pkgs.join(' ')}`,
  };
}

export function mariadbInstalled(): Installed {
  return (
    missing([
      [MARIADBD, 'mariadb-server'],
      [INSTALL_DB, 'mariadb-server'],
    ]) ?? { installed: true, detail: MARIADBD }
  );
}
