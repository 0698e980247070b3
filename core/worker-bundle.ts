// A worker thread's entry bundled into one file with esbuild, cached on disk
// until one of its sources changes. A thread then loads one module instead
// of compiling each source through tsx, and runs code without tsx's
// keepNames wrappers: tsx defines the name of every closure as it is made,
// a tenth of a simulated run's CPU.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Under the project's node_modules, so the bundle's package imports resolve as the sources' do. */
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'splitbrain-workers');

/** The sources a bundle was made from, relative to the project root. */
interface Manifest {
  readonly inputs: readonly string[];
}

/** Fresh: the bundle was written after every source it was made from last changed. */
function fresh(outPath: string, manifestPath: string): boolean {
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    const builtAtMs = statSync(outPath).mtimeMs;
    return m.inputs.every((f) => statSync(join(ROOT, f)).mtimeMs <= builtAtMs);
  } catch {
    return false;
  }
}

/**
 * The build, in a child process: esbuild runs plugins only in its async API,
 * and a worker is made synchronously. Sources find files beside them (the
 * next worker's entry, assets) through import.meta; in the bundle each one
 * keeps its own source location.
 */
const BUILD_SCRIPT = `
import { build } from 'esbuild';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
const [entry, outPath, manifestPath, root] = process.argv.slice(1);
// Spelled in two parts: the CLI's own bundle rewrites that text wherever it appears.
const META = 'import' + '.meta';
const sourceLocation = { name: 'source-location', setup(b) {
  b.onLoad({ filter: /\\.ts$/ }, (args) => ({
    contents: readFileSync(args.path, 'utf8')
      .replaceAll(META + '.url', JSON.stringify(pathToFileURL(args.path).href))
      .replaceAll(META + '.dirname', JSON.stringify(dirname(args.path))),
    loader: 'ts',
  }));
} };
const result = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm',
  target: 'node' + process.versions.node, packages: 'external', plugins: [sourceLocation],
  metafile: true, absWorkingDir: root, outfile: outPath + '.' + process.pid + '.tmp', logLevel: 'error' });
// Renamed into place, so a thread starting meanwhile never reads half a file.
renameSync(outPath + '.' + process.pid + '.tmp', outPath);
writeFileSync(manifestPath, JSON.stringify({ inputs: Object.keys(result.metafile.inputs) }));
`;

function build(entry: string, outPath: string, manifestPath: string): void {
  mkdirSync(CACHE_DIR, { recursive: true });
  // Run from the cache folder, so the script's 'esbuild' resolves in the project's node_modules.
  execFileSync(
    process.execPath,
    ['--input-type=module', '-e', BUILD_SCRIPT, entry, outPath, manifestPath, ROOT],
    { cwd: CACHE_DIR, stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

const built = new Map<string, string | null>();

/**
 * The URL of the bundle of the TypeScript module at entryUrl, built now if
 * none is fresh; null when it cannot be (no esbuild, a read-only install):
 * the caller then runs the sources.
 */
export function bundledEntry(entryUrl: string): string | null {
  let url = built.get(entryUrl);
  if (url !== undefined) return url;
  try {
    const entry = fileURLToPath(entryUrl);
    // The build script is in the key: a bundle another version made is not reused.
    const name = createHash('sha1').update(entry).update(BUILD_SCRIPT).digest('hex').slice(0, 12);
    const outPath = join(CACHE_DIR, `${name}.mjs`);
    const manifestPath = join(CACHE_DIR, `${name}.json`);
    if (!fresh(outPath, manifestPath)) build(entry, outPath, manifestPath);
    url = pathToFileURL(outPath).href;
  } catch {
    url = null;
  }
  built.set(entryUrl, url);
  return url;
}
