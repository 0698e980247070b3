// Bundles the CLI into dist/ so `splitbrain` starts without compiling
// TypeScript: run by `npm ci` (the `prepare` script) and `npm run build`.
// Packages stay in node_modules and commands load on demand (chunks), so a
// command pays only for what it uses. dist/manifest.json lists every source
// the bundle was made from; bin/start.js runs the sources through tsx
// instead whenever one of them is newer than the bundle.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST = 'manifest.json';
/** What bin/splitbrain.js imports from the bundle. */
export const ENTRY = 'cli.js';

/**
 * Sources find files beside them (report assets, the store entry, workers)
 * through import.meta; in a bundle that would be dist/. Each file's own URL
 * is rebuilt relative to the bundle, so the bundle works wherever the clone is.
 */
function sourceLocation(outdir) {
  return {
    name: 'source-location',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const rel = relative(outdir, args.path).split('\\').join('/');
        const dir = relative(outdir, dirname(args.path)).split('\\').join('/');
        const url = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
        const dirUrl = `new URL(${JSON.stringify(`${dir}/`)}, import.meta.url)`;
        const contents = readFileSync(args.path, 'utf8')
          .replaceAll('import.meta.url', url)
          .replaceAll('import.meta.dirname', `__sbFileDir(${dirUrl})`);
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * Packages stay in node_modules and load when a command imports them, except
 * the ones every start needs (the argument parser, colours): bundled, they
 * cost one file instead of dozens.
 */
const BUNDLED_PACKAGES = new Set(['yargs', 'chalk']);

function externalPackages() {
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || args.importer.includes('/node_modules/')) return;
        const name = args.path.startsWith('@')
          ? args.path.split('/').slice(0, 2).join('/')
          : args.path.split('/')[0];
        return BUNDLED_PACKAGES.has(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

// Defined once per chunk, for the rewritten import.meta.dirname.
const BANNER =
  "import { fileURLToPath as __sbFileURLToPath } from 'node:url';\n" +
  'const __sbFileDir = (u) => __sbFileURLToPath(u).replace(/[\\\\/]$/, "");';

/** Builds into a fresh folder (inside the clone: packages resolve from its node_modules), then swaps it in, so a reader never sees half a bundle. */
export async function buildBundle(outdir = join(ROOT, 'dist')) {
  const startedMs = Date.now();
  const tmp = `${outdir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    entryPoints: { cli: join(ROOT, 'harness', 'cli.ts') },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: tmp,
    entryNames: '[name]',
    // Every chunk beside the entry: the rewritten import.meta URLs are relative to that folder.
    chunkNames: '[name]-[hash]',
    metafile: true,
    sourcemap: 'linked',
    banner: { js: BANNER },
    plugins: [externalPackages(), sourceLocation(tmp)],
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => relative(ROOT, resolve(p)).split('\\').join('/'))
    .sort();
  const manifest = { builtAtMs: startedMs, root: relative(outdir, ROOT) || '.', inputs };
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
  const old = `${outdir}.${process.pid}.old`;
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(outdir, old);
  } catch {
    // No previous bundle.
  }
  renameSync(tmp, outdir);
  rmSync(old, { recursive: true, force: true });
  return { outdir, inputs: inputs.length, elapsedMs: Date.now() - startedMs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = process.argv[2] === undefined ? undefined : resolve(process.argv[2]);
  const r = await buildBundle(out);
  console.log(
    `bundled ${r.inputs} sources into ${relative(process.cwd(), r.outdir) || '.'} in ${r.elapsedMs} ms`,
  );
}
