// Our worker threads run TypeScript: each registers tsx and imports its
// entry's source, or, when asked, imports the entry bundled into one file
// (worker-bundle.ts), with no tsx at all. One place, so every thread starts
// the same way.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { bundledEntry } from './worker-bundle.ts';

/** Code for `new Worker(code, { eval: true })` that registers tsx and imports entryUrl. */
function bootstrap(entryUrl: string): string {
  // require.resolve finds the CommonJS build; the worker needs the ES module one beside it.
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entryUrl)}); });`;
}

interface TsWorkerOptions extends Omit<WorkerOptions, 'eval'> {
  /**
   * Run the entry bundled, without tsx: a thread that starts sooner (tsx's
   * loader thread alone takes a fifth of a second to start) and runs faster
   * (no keepNames wrappers). Only for an entry that never imports TypeScript
   * by URL (a linearizability worker loads its model so): nothing compiles it.
   */
  readonly bundle?: boolean;
}

/** Flags that load tsx, which a worker inherits from a parent started through it. */
const TSX_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);
/** Flags naming the parent's own script, which a worker must not run again. */
const SCRIPT_FLAGS = new Set(['--eval', '-e', '--print', '-p']);

/** The parent's node flags without the ones that load tsx, which a bundle does without. */
function withoutTsx(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i]!;
    const [name, inline] = flag.split('=', 2) as [string, string | undefined];
    const value = inline ?? execArgv[i + 1] ?? '';
    const drop = SCRIPT_FLAGS.has(name) || (TSX_FLAGS.has(name) && value.includes('tsx'));
    const takesNext = (TSX_FLAGS.has(name) || SCRIPT_FLAGS.has(name)) && inline === undefined;
    if (!drop) out.push(...execArgv.slice(i, takesNext ? i + 2 : i + 1));
    if (takesNext) i++;
  }
  return out;
}

/** A worker thread running the TypeScript module at entryUrl. */
export function tsWorker(entryUrl: string, opts: TsWorkerOptions = {}): Worker {
  const { bundle: wanted = false, ...options } = opts;
  const bundle = wanted ? bundledEntry(entryUrl) : null;
  if (bundle === null) return new Worker(bootstrap(entryUrl), { ...options, eval: true });
  return new Worker(new URL(bundle), { execArgv: withoutTsx(process.execArgv), ...options });
}
