// Whether a real server is installed here, for --backend local, the tests'
// skip reasons and the doctor. Debian's packages put them at fixed paths.
import { existsSync } from 'node:fs';
import type { Installed } from '../core/system.ts';

/** Installed when the binary exists; else how to install its package. */
export function installedAt(path: string | null, pkg: string): Installed {
  return path !== null && existsSync(path)
    ? { installed: true, detail: path }
    : { installed: false, detail: `not installed: apt-get install ${pkg}` };
}
