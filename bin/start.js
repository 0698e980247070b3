// Chooses how `splitbrain` starts: the prebuilt bundle (dist/, made by
// `npm ci` or `npm run build`) when every source it was made from is older
// than it, else the TypeScript sources through tsx, so someone editing the
// sources never runs stale code. SPLITBRAIN_BUNDLE=off forces the sources;
// SPLITBRAIN_BUNDLE=<folder> uses a bundle built elsewhere.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @returns {{ kind: 'bundle', url: string } | { kind: 'sources', reason: string }} */
export function chooseStart(root, setting) {
  if (setting === 'off') return { kind: 'sources', reason: 'SPLITBRAIN_BUNDLE=off' };
  const dir = setting ? resolve(setting) : join(root, 'dist');
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return { kind: 'sources', reason: `no bundle in ${dir} (npm run build makes one)` };
  }
  const sourceRoot = resolve(dir, manifest.root);
  for (const input of manifest.inputs) {
    let mtimeMs;
    try {
      mtimeMs = statSync(join(sourceRoot, input)).mtimeMs;
    } catch {
      return { kind: 'sources', reason: `${input} is gone since the bundle was built` };
    }
    if (mtimeMs > manifest.builtAtMs) {
      return { kind: 'sources', reason: `${input} changed since the bundle was built` };
    }
  }
  return { kind: 'bundle', url: pathToFileURL(join(dir, 'cli.js')).href };
}
