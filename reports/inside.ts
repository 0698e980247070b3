// What `splitbrain serve` may read: a runs folder can hold unpacked CI
// artifacts, so a symlink in it must not reach a file elsewhere on the machine.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';

/** The real path (symlinks followed) when it is `root` or lies below it, else null; root is a realpath. */
export function realPathInside(root: string, path: string): string | null {
  if (!existsSync(path)) return null;
  const real = realpathSync(path);
  return real === root || real.startsWith(root + sep) ? real : null;
}

/** The real path of a regular file inside `root`, else null (outside, a directory, a device...). */
export function regularFileInside(root: string, path: string): string | null {
  const real = realPathInside(root, path);
  return real !== null && statSync(real).isFile() ? real : null;
}

/** A file is absent (nothing to leak) or a regular file inside `root`: safe to hand to a reader. */
export function absentOrInside(root: string, path: string): boolean {
  return !existsSync(path) || regularFileInside(root, path) !== null;
}
