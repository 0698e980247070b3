// Whether --system mariadb can run here, for the doctor, the run's pre-check
// and the tests' skip reasons.
import { existsSync } from 'node:fs';
import { INSTALL_DB, MARIADBD } from './server.ts';

export interface Probe {
  readonly installed: boolean;
  /** What was found, or how to install what is missing. */
  readonly detail: string;
}

/** The first missing path with its package, or null when all are there. */
export function missing(paths: readonly (readonly [string, string])[]): Probe | null {
  const gone = paths.filter(([path]) => !existsSync(path));
  if (gone.length === 0) return null;
  const pkgs = [...new Set(gone.map(([, pkg]) => pkg))];
  return {
    installed: false,
    detail: `not installed (${gone.map(([p]) => p).join(', ')}): apt-get install ${pkgs.join(' ')}`,
  };
}

export function mariadbInstalled(): Probe {
  return (
    missing([
      [MARIADBD, 'mariadb-server'],
      [INSTALL_DB, 'mariadb-server'],
    ]) ?? { installed: true, detail: MARIADBD }
  );
}
