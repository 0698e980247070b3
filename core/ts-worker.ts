// Our worker threads run TypeScript source (from a clone or through the
// bundle, which leaves worker entries as source), so each one registers tsx
// before importing its entry. One place, so every thread starts the same way.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Code for `new Worker(code, { eval: true })` that registers tsx and imports entryUrl. */
function bootstrap(entryUrl: string): string {
  // require.resolve finds the CommonJS build; the worker needs the ES module one beside it.
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entryUrl)}); });`;
}

/** A worker thread running the TypeScript module at entryUrl. */
export function tsWorker(entryUrl: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  return new Worker(bootstrap(entryUrl), { ...options, eval: true });
}
