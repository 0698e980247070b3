// Our worker threads run TypeScript: each registers tsx and imports its
// entry's source, or, when asked, imports the entry bundled into one file
// (worker-bundle.ts) and registers tsx after it, for what it may import by
// URL later (another worker's entry). One place, so every thread starts the
// same way.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { bundledEntry } from './worker-bundle.ts';

/**
 * Code for `new Worker(code, { eval: true })` that imports the entry. A
 * bundle loads before tsx is registered, so its packages load without a
 * round trip to tsx's loader thread each; registering in the same microtask
 * as the import ends leaves no turn in which a message could start work.
 */
function bootstrap(entryUrl: string, bundled: boolean): string {
  // require.resolve finds the CommonJS build; the worker needs the ES module one beside it.
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = JSON.stringify(pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href);
  const entry = JSON.stringify(entryUrl);
  return bundled
    ? `import(${tsx}).then((m) => import(${entry}).then(() => void m.register()));`
    : `import(${tsx}).then((m) => { m.register(); return import(${entry}); });`;
}

interface TsWorkerOptions extends Omit<WorkerOptions, 'eval'> {
  /**
   * Run the entry bundled: a thread that starts sooner and runs faster (no
   * tsx keepNames wrappers). Only for an entry that imports no TypeScript by
   * URL as it loads: that import would find tsx not yet registered.
   */
  readonly bundle?: boolean;
}

/** A worker thread running the TypeScript module at entryUrl. */
export function tsWorker(entryUrl: string, opts: TsWorkerOptions = {}): Worker {
  const { bundle: wanted = false, ...options } = opts;
  const bundle = wanted ? bundledEntry(entryUrl) : null;
  return new Worker(bootstrap(bundle ?? entryUrl, bundle !== null), { ...options, eval: true });
}
