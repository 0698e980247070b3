// Partitions searched on worker threads (P-compositionality makes them
// independent). The checker interface is synchronous, so the main thread
// blocks on Atomics.wait and drains results with receiveMessageOnPort; it
// polls the caller's budget between waits and raises a stop flag the workers
// poll. Worth it only for large histories: a worker costs tens of ms to start.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  MessageChannel,
  Worker,
  receiveMessageOnPort,
  type MessagePort,
} from 'node:worker_threads';
import type { Operation } from './model.ts';
import type { SearchResult } from './wgl.ts';
import type { ModelRef, WorkerInput } from './worker.ts';

const POLL_MS = 20;
/** Workers that have not started by then (no TypeScript loader, say) are given up on. */
const START_POLLS = 500;
const WORKER_URL = new URL('./worker.ts', import.meta.url).href;

/** A worker bootstrap that registers tsx first, since the worker runs TypeScript source. */
function bootstrap(): string {
  // require.resolve finds the CommonJS build; the worker needs the ES module one beside it.
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL)}); });`;
}

/** Largest first onto the least loaded worker, so one big partition does not wait behind others. */
function spread<T>(parts: readonly T[][], workers: number): { index: number; ops: T[] }[][] {
  const buckets = Array.from({ length: workers }, () => ({
    load: 0,
    parts: [] as { index: number; ops: T[] }[],
  }));
  const order = parts
    .map((p, index) => ({ index, ops: p }))
    .sort((a, b) => b.ops.length - a.ops.length);
  for (const p of order) {
    const b = buckets.reduce((x, y) => (y.load < x.load ? y : x));
    b.parts.push(p);
    b.load += p.ops.length;
  }
  return buckets.map((b) => b.parts).filter((b) => b.length > 0);
}

export function searchInWorkers<S, I, O>(
  ref: ModelRef,
  parts: readonly Operation<I, O>[][],
  opts: { workers: number; maxCacheEntries: number; expired: () => boolean },
): (SearchResult<S> | null)[] | null {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const results: (SearchResult<S> | null)[] = parts.map(() => null);
  const ports: MessagePort[] = [];
  const threads: Worker[] = [];
  for (const bucket of spread(parts as Operation<unknown, unknown>[][], opts.workers)) {
    const { port1, port2 } = new MessageChannel();
    // JSON of the few fields the search reads: structured clone of nested arrays is far slower.
    const encoded = bucket.map((b) => ({
      index: b.index,
      ops: b.ops.map((o) => [
        o.input,
        o.output ?? null,
        o.output === undefined ? 0 : 1,
        o.invokeIndex,
        o.doneIndex,
      ]),
    }));
    const workerData: WorkerInput = {
      ref,
      parts: JSON.stringify(encoded),
      port: port2,
      signal,
      maxCacheEntries: opts.maxCacheEntries,
    };
    const t = new Worker(bootstrap(), { eval: true, workerData, transferList: [port2] });
    // A worker that fails to start is noticed by the start timeout; do not crash the process.
    t.on('error', (e) => {
      if (process.env.SB_DEBUG) console.error('worker error', e);
    });
    threads.push(t);
    ports.push(port1);
  }
  let received = 0;
  let ready = 0;
  let polls = 0;
  try {
    while (received < parts.length) {
      const posted = Atomics.load(signal, 0);
      if (posted === received + ready) Atomics.wait(signal, 0, posted, POLL_MS);
      if (ready < threads.length && ++polls > START_POLLS) return null;
      for (const port of ports) {
        for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
          const msg = m.message as
            { index: number; result: SearchResult<S> } | { error: string } | { ready: true };
          if ('ready' in msg) {
            ready++;
            continue;
          }
          if ('error' in msg) throw new Error(`linearizability worker failed: ${msg.error}`);
          results[msg.index] = msg.result;
          received++;
          // A violation settles the verdict; the rest need not finish.
          if (msg.result.kind === 'illegal') Atomics.store(signal, 1, 1);
        }
      }
      if (opts.expired()) Atomics.store(signal, 1, 1);
    }
  } finally {
    for (const t of threads) void t.terminate();
    for (const p of ports) p.close();
  }
  return results;
}
